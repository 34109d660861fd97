package dev.cuifu.ingest.platform;

import dev.cuifu.common.event.Money;
import dev.cuifu.common.event.OrderClosed;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderPaid;
import java.time.Instant;

/**
 * What Cuifu reads of a platform's order, and the Cuifu events it makes. Event ids name the step of
 * the order's life ({@code shopify:<order id>:paid}), not the delivery: a redelivered webhook, and
 * the same step told by two topics (Shopify's {@code orders/paid} and then {@code orders/updated}),
 * make the same event id, which the accepted-event ledger publishes once. The phone number is passed
 * on as the platform gives it; stamping normalises it as for every other event.
 *
 * @param amount null when the platform's amount could not be read (the event then names it)
 */
public record PlatformOrder(
    Platform platform,
    String orderId,
    Instant createdAt,
    String buyerId,
    String buyerPhone,
    Money amount,
    String itemSummary,
    String buyerNote) {

  static final int MAX_ITEM_SUMMARY = 500;
  static final int MAX_NOTE = 1000;

  public OrderCreated created() {
    return new OrderCreated(
        eventId("created"),
        null,
        null,
        orderId,
        createdAt,
        buyerId,
        buyerPhone,
        null,
        null,
        amount,
        cut(itemSummary, MAX_ITEM_SUMMARY),
        cut(buyerNote, MAX_NOTE),
        null,
        false);
  }

  public OrderPaid paid(Instant paidAt) {
    return new OrderPaid(eventId("paid"), null, null, orderId, paidAt, amount, paidAt);
  }

  public OrderClosed closed(Instant closedAt, String reason) {
    return new OrderClosed(eventId("closed"), null, null, orderId, closedAt, cut(reason, 200));
  }

  private String eventId(String step) {
    return platform.id() + ":" + orderId + ":" + step;
  }

  private static String cut(String text, int max) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String stripped = text.strip();
    if (stripped.length() <= max) {
      return stripped;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(stripped.charAt(end - 1))) {
      end--;
    }
    return stripped.substring(0, end) + "…";
  }
}
