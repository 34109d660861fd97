package dev.cuifu.launcher.orderimport;

import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.common.orderfile.OrderRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The events one row of an export stands for, with event ids made of the order id and the step
 * ({@code import:<orderId>:created}): importing the same file again repeats every id, which
 * order-ingest acknowledges as a duplicate and does not publish; a later export of the same orders
 * publishes only what changed (a payment since).
 *
 * @param events OrderCreated, then OrderPaid when the row was paid, or OrderClosed when it was
 *     closed unpaid; in this order, so that they stay in order on the order's partition
 */
record RowEvents(long line, String orderId, List<ObjectNode> events) {

  /** Event ids are at most 128 characters; a longer order id is hashed into its ids. */
  private static final int MAX_EVENT_ID = 128;

  static final String CLOSED_REASON = "closed unpaid (order export)";

  /** The row's events, or null when the row lacks what an OrderCreated needs ({@code problem} says what). */
  static RowEvents of(OrderRow row, String itemSummary, List<String> problems) {
    if (row.buyerId() == null) {
      problems.add("buyer id: empty, an OrderCreated needs one");
    }
    if (row.buyerPhone() == null) {
      problems.add("buyer phone: empty, an OrderCreated needs one");
    }
    if (!problems.isEmpty()) {
      return null;
    }
    List<ObjectNode> events = new ArrayList<>(2);
    ObjectNode created = event("OrderCreated", row, "created", row.createdAt().toString());
    created.put("buyerId", row.buyerId());
    created.put("buyerPhone", row.buyerPhone());
    created.set("amount", amount(row));
    created.put("itemSummary", itemSummary);
    events.add(created);
    if (row.paid()) {
      ObjectNode paid = event("OrderPaid", row, "paid", row.paidAt().toString());
      paid.set("amount", amount(row));
      paid.put("paidAt", row.paidAt().toString());
      events.add(paid);
    } else if (row.closedAt() != null) {
      // OrderClosed means closed without payment: a paid order's close (after delivery or a
      // refund) changes nothing for reminders
      ObjectNode closed = event("OrderClosed", row, "closed", row.closedAt().toString());
      closed.put("reason", CLOSED_REASON);
      events.add(closed);
    }
    return new RowEvents(row.line(), row.orderId(), events);
  }

  static String eventId(String orderId, String step) {
    String id = "import:" + orderId + ":" + step;
    if (id.length() <= MAX_EVENT_ID) {
      return id;
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(orderId.getBytes(StandardCharsets.UTF_8));
      return "import:sha256:" + HexFormat.of().formatHex(hash) + ":" + step;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode event(String type, OrderRow row, String step, String occurredAt) {
    ObjectNode event = EventJson.mapper().createObjectNode();
    event.put("type", type);
    event.put("eventId", eventId(row.orderId(), step));
    event.put("orderId", row.orderId());
    event.put("occurredAt", occurredAt);
    return event;
  }

  private static ObjectNode amount(OrderRow row) {
    ObjectNode amount = EventJson.mapper().createObjectNode();
    amount.put("minor", row.amountMinor());
    amount.put("currency", row.currency());
    return amount;
  }
}
