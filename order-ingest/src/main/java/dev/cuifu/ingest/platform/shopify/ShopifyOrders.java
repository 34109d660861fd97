package dev.cuifu.ingest.platform.shopify;

import static dev.cuifu.ingest.platform.PlatformJson.firstText;
import static dev.cuifu.ingest.platform.PlatformJson.instant;
import static dev.cuifu.ingest.platform.PlatformJson.orElse;
import static dev.cuifu.ingest.platform.PlatformJson.text;

import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.ingest.platform.MappedDelivery;
import dev.cuifu.ingest.platform.OrderStep;
import dev.cuifu.ingest.platform.Platform;
import dev.cuifu.ingest.platform.PlatformJson;
import dev.cuifu.ingest.platform.PlatformOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Shopify's order webhooks (the REST Order resource as the body) as Cuifu events:
 *
 * <ul>
 *   <li>{@code orders/create}: OrderCreated, and OrderPaid or OrderClosed when the order is paid or
 *       closed already (a card checkout is paid at creation);
 *   <li>{@code orders/paid}: OrderPaid, when {@code financial_status} says paid;
 *   <li>{@code orders/cancelled}: OrderClosed, when {@code cancelled_at} is given (or the payment voided or expired);
 *   <li>{@code orders/updated}: OrderPaid when {@code financial_status} is now paid, OrderClosed when
 *       voided, expired or cancelled; nothing otherwise. Shopify sends it for every change (and
 *       alongside orders/paid): the event ids name the step, so only the first telling is published.
 * </ul>
 *
 * <p>Unpaid is {@code financial_status} {@code pending} (bank deposit, cash on delivery, manual
 * payment) or {@code partially_paid}. The buyer's phone is the billing address's, else the shipping
 * address's, the customer's, or the order's. Amounts are {@code total_price} in {@code currency}
 * (the shop's currency).
 */
final class ShopifyOrders {

  static final List<String> TOPICS = List.of("orders/create", "orders/paid", "orders/cancelled", "orders/updated");

  private static final List<String> PAID = List.of("authorized", "paid", "partially_refunded", "refunded");

  private ShopifyOrders() {}

  static MappedDelivery map(String topic, JsonNode order) {
    if (topic == null || !TOPICS.contains(topic)) {
      return MappedDelivery.skipped("X-Shopify-Topic", "is not a topic Cuifu reads (" + String.join(", ", TOPICS) + ")");
    }
    PlatformOrder facts = facts(order);
    Instant updatedAt = orElse(instant(text(order, "updated_at")), facts.createdAt());
    OrderStep step = step(order);
    List<OrderEvent> events = new ArrayList<>();
    switch (topic) {
      case "orders/create" -> {
        if (step == OrderStep.OTHER) {
          return unreadStatus(order);
        }
        events.add(facts.created());
        if (step == OrderStep.PAID) {
          events.add(facts.paid(orElse(instant(text(order, "processed_at")), facts.createdAt())));
        } else if (step == OrderStep.CLOSED) {
          events.add(closed(facts, order, updatedAt));
        }
      }
      // the topic header is not signed: a captured delivery resent as orders/paid or orders/cancelled
      // must not pay or close an order its (signed) body says is unpaid
      case "orders/paid" -> {
        if (!paid(order)) {
          return MappedDelivery.skipped("financial_status", "is not paid (" + String.join(", ", PAID) + "), as orders/paid needs");
        }
        events.add(facts.paid(updatedAt));
      }
      case "orders/cancelled" -> {
        if (step != OrderStep.CLOSED) {
          return MappedDelivery.skipped("cancelled_at", "is not given, nor is financial_status voided or expired, as orders/cancelled needs");
        }
        events.add(closed(facts, order, updatedAt));
      }
      default -> { // orders/updated
        if (step == OrderStep.PAID) {
          events.add(facts.paid(updatedAt));
        } else if (step == OrderStep.CLOSED) {
          events.add(closed(facts, order, updatedAt));
        }
      }
    }
    return new MappedDelivery(events, List.of());
  }

  private static boolean paid(JsonNode order) {
    String status = text(order, "financial_status");
    return status != null && PAID.contains(status.toLowerCase(Locale.ROOT));
  }

  static OrderStep step(JsonNode order) {
    if (text(order, "cancelled_at") != null) {
      return OrderStep.CLOSED;
    }
    String status = text(order, "financial_status");
    return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
      case "pending", "partially_paid" -> OrderStep.UNPAID;
      case "authorized", "paid", "partially_refunded", "refunded" -> OrderStep.PAID;
      case "voided", "expired" -> OrderStep.CLOSED;
      default -> OrderStep.OTHER;
    };
  }

  private static PlatformOrder facts(JsonNode order) {
    String orderId = PlatformJson.required(order, "id");
    String customer = text(order, "customer", "id");
    return new PlatformOrder(
        Platform.SHOPIFY,
        orderId,
        instant(text(order, "created_at")),
        customer != null ? customer : "guest-" + orderId,
        firstText(
            order,
            new String[] {"billing_address", "phone"},
            new String[] {"shipping_address", "phone"},
            new String[] {"customer", "phone"},
            new String[] {"phone"}),
        PlatformJson.money(text(order, "total_price"), text(order, "currency")),
        items(order),
        text(order, "note"));
  }

  private static OrderEvent closed(PlatformOrder facts, JsonNode order, Instant updatedAt) {
    String cancelledAt = text(order, "cancelled_at");
    if (cancelledAt != null) {
      String reason = text(order, "cancel_reason");
      return facts.closed(orElse(instant(cancelledAt), updatedAt), "cancelled" + (reason == null ? "" : " (" + reason + ")"));
    }
    String status = text(order, "financial_status");
    return facts.closed(updatedAt, "payment " + (status == null ? "voided" : status));
  }

  private static MappedDelivery unreadStatus(JsonNode order) {
    return MappedDelivery.skipped("financial_status", "is not a status Cuifu reads (pending, partially_paid, authorized, paid,"
        + " partially_refunded, refunded, voided, expired)");
  }

  /** "Aviator sunglasses ×1, Mid-century lounger ×1"; the order's name when it has no line items. */
  private static String items(JsonNode order) {
    String items = PlatformJson.items(order.get("line_items"), "title", "name");
    return items != null ? items : firstText(order, new String[] {"name"}, new String[] {"id"});
  }

}
