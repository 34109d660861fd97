package dev.cuifu.ingest.platform.woocommerce;

import static dev.cuifu.ingest.platform.PlatformJson.firstText;
import static dev.cuifu.ingest.platform.PlatformJson.orElse;
import static dev.cuifu.ingest.platform.PlatformJson.text;
import static dev.cuifu.ingest.platform.PlatformJson.utcInstant;

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
 * WooCommerce's order webhooks (the REST API v3 order as the body) as Cuifu events, by the order's
 * {@code status}: {@code pending}/{@code on-hold} unpaid, {@code processing}/{@code completed}
 * (and {@code refunded}) paid, {@code cancelled}/{@code failed} closed.
 *
 * <ul>
 *   <li>{@code order.created}: OrderCreated, and OrderPaid or OrderClosed when it is paid or closed
 *       already;
 *   <li>{@code order.updated}: OrderCreated while unpaid (a store connected after the order was
 *       placed), OrderPaid once paid, OrderClosed once closed. Each step is published once, however
 *       often WooCommerce tells it.
 * </ul>
 *
 * <p>Times are the {@code *_gmt} fields (UTC); the phone is the billing phone, else the shipping
 * phone; the amount is {@code total} in {@code currency}.
 */
final class WooCommerceOrders {

  static final List<String> TOPICS = List.of("order.created", "order.updated");

  private WooCommerceOrders() {}

  static MappedDelivery map(String topic, JsonNode order) {
    if (topic == null || !TOPICS.contains(topic)) {
      return MappedDelivery.skipped("X-WC-Webhook-Topic", "is not a topic Cuifu reads (" + String.join(", ", TOPICS) + ")");
    }
    OrderStep step = step(order);
    if (step == OrderStep.OTHER) {
      return MappedDelivery.skipped(
          "status", "is not a status Cuifu reads (pending, on-hold, processing, completed, refunded, cancelled, failed)");
    }
    PlatformOrder facts = facts(order);
    Instant modifiedAt = orElse(utcInstant(text(order, "date_modified_gmt")), facts.createdAt());
    Instant paidAt = orElse(utcInstant(text(order, "date_paid_gmt")), modifiedAt);
    String status = text(order, "status");
    List<OrderEvent> events = new ArrayList<>();
    boolean created = topic.equals("order.created");
    if (created || step == OrderStep.UNPAID) {
      events.add(facts.created());
    }
    if (step == OrderStep.PAID) {
      events.add(facts.paid(paidAt));
    } else if (step == OrderStep.CLOSED) {
      events.add(facts.closed(modifiedAt, status));
    }
    return new MappedDelivery(events, List.of());
  }

  static OrderStep step(JsonNode order) {
    String status = text(order, "status");
    return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
      case "pending", "on-hold" -> OrderStep.UNPAID;
      case "processing", "completed", "refunded" -> OrderStep.PAID;
      case "cancelled", "failed" -> OrderStep.CLOSED;
      default -> OrderStep.OTHER;
    };
  }

  private static PlatformOrder facts(JsonNode order) {
    String orderId = PlatformJson.required(order, "id");
    String customer = text(order, "customer_id");
    return new PlatformOrder(
        Platform.WOOCOMMERCE,
        orderId,
        utcInstant(text(order, "date_created_gmt")),
        customer != null && !customer.equals("0") ? customer : "guest-" + orderId,
        firstText(order, new String[] {"billing", "phone"}, new String[] {"shipping", "phone"}),
        PlatformJson.money(text(order, "total"), text(order, "currency")),
        items(order),
        text(order, "customer_note"));
  }

  private static String items(JsonNode order) {
    String items = PlatformJson.items(order.get("line_items"), "name");
    return items != null ? items : "order " + text(order, "id");
  }

}
