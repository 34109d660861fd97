package dev.cuifu.reminder.backtest;

import dev.cuifu.common.orderfile.OrderRow;
import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.common.phone.ShopNumber;

/**
 * An order file's buyer phone numbers in E.164, read in the shop's region as order-ingest reads a
 * live order's ({@code 13800138000}, {@code +8613800138000} and {@code 138 0013 8000} are one CN
 * buyer), so that the returning-buyer reason, the frequency cap and merging see one buyer where
 * the file writes one number three ways. A number that cannot be read (masked, a typo, national
 * without a region) keeps its text, grouped as written, and is counted: the count is reported,
 * never the numbers. Not thread-safe: one per file.
 */
public final class BuyerPhones {

  private final String region;
  private long unreadable;

  /** {@code region}: ISO 3166 alpha-2 ({@code CN}) national numbers are read in; null reads international ones only. */
  public BuyerPhones(String region) {
    this.region = region;
  }

  /** The row with its buyer phone in E.164 when it can be read; else the row as it was. */
  public OrderRow normalise(OrderRow row) {
    String phone = row.buyerPhone();
    if (phone == null) {
      return row;
    }
    if (PhoneNumbers.read(phone, region) instanceof ShopNumber.Valid valid) {
      return valid.e164().equals(phone)
          ? row
          : new OrderRow(
              row.line(), row.orderId(), row.createdAt(), row.paidAt(), row.amountMinor(), row.currency(), row.buyerId(),
              valid.e164(), row.closedAt(), row.refundedMinor());
    }
    unreadable++;
    return row;
  }

  /** Rows so far whose buyer phone could not be read. */
  public long unreadable() {
    return unreadable;
  }

  public String region() {
    return region;
  }
}
