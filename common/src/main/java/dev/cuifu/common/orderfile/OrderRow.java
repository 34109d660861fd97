package dev.cuifu.common.orderfile;

import java.time.Instant;

/**
 * One order of an order file, as its profile reads it.
 *
 * @param line the file line the row starts on (the header is line 1)
 * @param paidAt null: never paid
 * @param buyerId null when the file has no buyer identity
 * @param buyerPhone as written in the file (not normalised); null when absent
 * @param closedAt null: not closed
 * @param refundedMinor 0 when the file has no refund column
 */
public record OrderRow(
    long line,
    String orderId,
    Instant createdAt,
    Instant paidAt,
    long amountMinor,
    String currency,
    String buyerId,
    String buyerPhone,
    Instant closedAt,
    long refundedMinor) {

  /** Whether the order was ever paid. */
  public boolean paid() {
    return paidAt != null;
  }
}
