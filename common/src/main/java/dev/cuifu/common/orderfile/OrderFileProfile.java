package dev.cuifu.common.orderfile;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How one platform's order export maps onto an {@link OrderRow}: which header names the columns
 * have (compared after trimming, since exports pad them), how timestamps are written and in which
 * zone, and the currency when the file has no currency column. Optional columns are null.
 *
 * @param timestampPattern a {@link DateTimeFormatter} pattern of local times in {@code zone}
 * @param amount the order total in major units (178.8 yuan)
 * @param fixedCurrency the currency of every row when {@code currency} is null
 * @param paidAt empty: never paid
 * @param closedAt empty: not closed
 * @param refund an amount refunded after payment, in major units
 */
public record OrderFileProfile(
    String name,
    String orderId,
    String createdAt,
    String paidAt,
    String amount,
    String currency,
    String fixedCurrency,
    String buyerId,
    String buyerPhone,
    String closedAt,
    String refund,
    ZoneId zone,
    String timestampPattern) {

  public OrderFileProfile {
    if (orderId == null || createdAt == null || amount == null) {
      throw new IllegalArgumentException("a profile names at least the order id, created-at and amount columns");
    }
    if ((currency == null) == (fixedCurrency == null)) {
      throw new IllegalArgumentException("a profile names either a currency column or a fixed currency");
    }
  }

  /**
   * Tmall's order report (订单报表): no buyer identity, no currency (CNY), China time, an order
   * never paid has an empty paid time. Two header names end in a space in the real export.
   */
  public static final OrderFileProfile TMALL =
      new OrderFileProfile(
          "tmall", "订单编号", "订单创建时间", "订单付款时间", "总金额", null, "CNY", null, null, null, "退款金额",
          ZoneId.of("Asia/Shanghai"), "yyyy-MM-dd HH:mm:ss");

  private static final Map<String, OrderFileProfile> BUILT_IN = Map.of(TMALL.name(), TMALL);

  /** A profile Cuifu ships, by name (case-insensitive). */
  public static Optional<OrderFileProfile> builtIn(String name) {
    return Optional.ofNullable(BUILT_IN.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The names of the profiles Cuifu ships. */
  public static java.util.Set<String> builtInNames() {
    return BUILT_IN.keySet();
  }

  DateTimeFormatter formatter() {
    return DateTimeFormatter.ofPattern(timestampPattern, Locale.ROOT);
  }
}
