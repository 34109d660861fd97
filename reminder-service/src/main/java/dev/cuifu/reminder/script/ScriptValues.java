package dev.cuifu.reminder.script;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The placeholder values of one message. Several orders of one buyer in one message (the SMS
 * merge) render as lists: order ids and items joined, the amounts' total when they share a
 * currency, the earliest deadline, the payment link of the first order.
 */
public final class ScriptValues {

  /** Taobao and Tmall order ids are 18–19 digits; the length check assumes 20. */
  static final int WORST_CASE_ORDER_ID_LENGTH = 20;

  /** The longest amount the length check assumes: 99,999,999.99 in a three-letter currency. */
  static final String WORST_CASE_AMOUNT = "99999999.99 CNY";

  /** The deadline the length check assumes: the widest month and day. */
  static final Instant WORST_CASE_DEADLINE = ZonedDateTime.of(2026, 9, 30, 23, 59, 0, 0, ZoneOffset.UTC).toInstant();

  private ScriptValues() {}

  /** The values for {@code orders} (at least one), as the buyer reads them. */
  static Map<Placeholder, String> of(
      ScriptLocale locale, String shopName, ZoneId readerZone, List<OrderFacts> orders, String paymentLink, int itemLength) {
    OrderFacts first = orders.get(0);
    Map<Placeholder, String> values = new EnumMap<>(Placeholder.class);
    values.put(Placeholder.BUYER_NAME, locale.anonymousBuyer());
    values.put(Placeholder.SHOP_NAME, shopName);
    values.put(Placeholder.ORDER_ID, join(locale, orders.stream().map(OrderFacts::orderId).toList()));
    values.put(
        Placeholder.ITEM,
        join(locale, orders.stream().map(o -> shorten(locale, o.itemSummary() == null ? "" : o.itemSummary(), itemLength)).toList()));
    values.put(Placeholder.AMOUNT, amounts(locale, orders));
    Instant deadline = orders.stream().map(OrderFacts::paymentDeadline).min(Comparator.naturalOrder()).orElseThrow();
    values.put(Placeholder.DEADLINE, locale.deadline().format(deadline.atZone(readerZone)));
    if (paymentLink != null) {
      values.put(Placeholder.PAYMENT_LINK, paymentLink(paymentLink, first.orderId()));
    }
    return values;
  }

  /**
   * The longest values a single-order message can plausibly get, for the save-time length check:
   * the shop's real name; an order id of 20 characters; an item name cut to its maximum length in
   * the locale's script (Chinese characters for zh-CN, Latin letters for en); the amount
   * 99999999.99 CNY; the widest deadline; the shop's payment link with that order id.
   */
  static Map<Placeholder, String> worstCase(ScriptLocale locale, String shopName, String paymentLink, int itemLength) {
    String item = (locale == ScriptLocale.ZH_CN ? "货" : "W").repeat(itemLength);
    OrderFacts longest = new OrderFacts("9".repeat(WORST_CASE_ORDER_ID_LENGTH), item, null, null, WORST_CASE_DEADLINE);
    Map<Placeholder, String> values = of(locale, shopName, ZoneOffset.UTC, List.of(longest), paymentLink, itemLength);
    values.put(Placeholder.AMOUNT, WORST_CASE_AMOUNT);
    return values;
  }

  /** Minor units in major units with the currency's code: {@code 888.00 CNY}. */
  public static String amount(long minor, String currency) {
    int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    return BigDecimal.valueOf(minor, digits).toPlainString() + " " + currency;
  }

  private static String amounts(ScriptLocale locale, List<OrderFacts> orders) {
    List<OrderFacts> priced = orders.stream().filter(o -> o.amountMinor() != null && o.currency() != null).toList();
    if (priced.isEmpty()) {
      return "";
    }
    if (priced.size() == 1) {
      return amount(priced.get(0).amountMinor(), priced.get(0).currency());
    }
    if (priced.stream().map(OrderFacts::currency).distinct().count() == 1) {
      long total = priced.stream().mapToLong(OrderFacts::amountMinor).sum();
      return locale.total(amount(total, priced.get(0).currency()));
    }
    return join(locale, priced.stream().map(o -> amount(o.amountMinor(), o.currency())).toList());
  }

  private static String join(ScriptLocale locale, List<String> parts) {
    return parts.stream().collect(Collectors.joining(locale.listSeparator()));
  }

  /**
   * At most {@code max} characters (code points), ending in an ellipsis when cut: "…" in Chinese,
   * "..." in English (the one-character ellipsis is not in the GSM alphabet and would switch an
   * English SMS to UCS-2).
   */
  static String shorten(ScriptLocale locale, String text, int max) {
    if (text.codePointCount(0, text.length()) <= max) {
      return text;
    }
    String ellipsis = locale == ScriptLocale.ZH_CN ? "…" : "...";
    return text.substring(0, text.offsetByCodePoints(0, Math.max(0, max - ellipsis.length()))) + ellipsis;
  }

  /** The shop's payment link with the order id filled in (URL-encoded). */
  static String paymentLink(String pattern, String orderId) {
    return pattern.replace("{orderId}", URLEncoder.encode(orderId, StandardCharsets.UTF_8));
  }
}
