package dev.cuifu.reminder.order;

import dev.cuifu.reminder.touch.OrderStatus;
import static dev.cuifu.reminder.ops.SqlArrays.booleans;
import static dev.cuifu.reminder.ops.SqlArrays.instants;
import static dev.cuifu.reminder.ops.SqlArrays.longs;
import static dev.cuifu.reminder.ops.SqlArrays.texts;

import dev.cuifu.common.event.OrderClosed;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.event.OrderPaid;
import dev.cuifu.reminder.ops.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Order state (table {@code buyer_order}) and the record of applied events. Every method takes a
 * batch and runs one statement for it, whatever its size; the orders of one batch are distinct
 * (see {@link OrderEventProcessor}), so no statement touches a row twice.
 */
@Repository
class OrderStateRepository {

  /** An order created, with the deadline its touches must beat. */
  record CreatedOrder(OrderCreated order, Instant paymentDeadline) {}

  private final JdbcClient jdbc;

  OrderStateRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records the payments and closes as applied and returns the events not applied before, in
   * their order: a redelivered payment or close, or one repeated within the batch, is left out.
   * Created events all pass: each is recorded on its order's row, and recognised there when it
   * comes again ({@link #recordCreated}).
   */
  List<OrderEvent> markProcessed(List<OrderEvent> events, Instant now) {
    List<OrderEvent> recorded = events.stream().filter(e -> !(e instanceof OrderCreated)).toList();
    if (recorded.isEmpty()) {
      return events;
    }
    Set<String> fresh = new HashSet<>();
    jdbc.sql(
            """
            insert into processed_event (shop_id, event_id, event_type, processed_at, occurred_at, order_id)
            select e.shop_id, e.event_id, e.event_type, :now, e.occurred_at, e.order_id
            from unnest(:shops::text[], :events::text[], :types::text[], :occurred::timestamptz[], :orders::text[])
                as e(shop_id, event_id, event_type, occurred_at, order_id)
            on conflict do nothing
            returning shop_id, event_id
            """)
        .param("now", Timestamps.toDb(now))
        .param("shops", texts(recorded, OrderEvent::shopId))
        .param("events", texts(recorded, OrderEvent::eventId))
        .param("types", texts(recorded, event -> event.getClass().getSimpleName()))
        .param("occurred", instants(recorded, OrderEvent::occurredAt))
        .param("orders", texts(recorded, OrderEvent::orderId))
        .query((rs, n) -> fresh.add(eventKey(rs.getString("shop_id"), rs.getString("event_id"))))
        .list();
    List<OrderEvent> applied = new ArrayList<>(events.size());
    for (OrderEvent event : events) {
      if (event instanceof OrderCreated || fresh.remove(eventKey(event.shopId(), event.eventId()))) {
        applied.add(event);
      }
    }
    return applied;
  }

  private static String eventKey(String shopId, String eventId) {
    return shopId + "\u0000" + eventId;
  }

  /**
   * Stores the orders' details and the created event's id, and returns the status of each order
   * whose created event is new, by {@link OrderEvent#key()}: an order whose row already holds the
   * same event id (a redelivery) is left alone and left out. A payment or close that arrived first
   * keeps its status: the created event fills in the details and nothing else.
   */
  Map<String, OrderStatus> recordCreated(List<CreatedOrder> created, Instant now) {
    Map<String, OrderStatus> statuses = new HashMap<>();
    if (created.isEmpty()) {
      return statuses;
    }
    List<OrderCreated> orders = created.stream().map(CreatedOrder::order).toList();
    jdbc.sql(
            """
            insert into buyer_order (shop_id, order_id, status, buyer_id, buyer_phone, chat_handle,
                buyer_time_zone, amount_minor, currency, item_summary, buyer_note, talked_to_service,
                created_at, payment_deadline, updated_at, created_event_id, created_applied_at)
            select o.shop_id, o.order_id, 'UNPAID', o.buyer_id, o.phone, o.chat, o.zone, o.amount,
                o.currency, o.item, o.note, o.talked, o.created_at, o.deadline, :now, o.event_id, :now
            from unnest(:shops::text[], :orders::text[], :buyers::text[], :phones::text[], :chats::text[],
                :zones::text[], :amounts::bigint[], :currencies::text[], :items::text[], :notes::text[],
                :talked::boolean[], :createdAt::timestamptz[], :deadlines::timestamptz[], :events::text[])
                as o(shop_id, order_id, buyer_id, phone, chat, zone, amount, currency, item, note,
                     talked, created_at, deadline, event_id)
            on conflict (shop_id, order_id) do update set
                buyer_id = excluded.buyer_id, buyer_phone = excluded.buyer_phone,
                chat_handle = excluded.chat_handle, buyer_time_zone = excluded.buyer_time_zone,
                amount_minor = excluded.amount_minor, currency = excluded.currency,
                item_summary = excluded.item_summary, buyer_note = excluded.buyer_note,
                talked_to_service = excluded.talked_to_service, created_at = excluded.created_at,
                payment_deadline = excluded.payment_deadline, updated_at = excluded.updated_at,
                created_event_id = excluded.created_event_id, created_applied_at = excluded.created_applied_at
            where buyer_order.created_event_id is distinct from excluded.created_event_id
            returning shop_id, order_id, status
            """)
        .param("now", Timestamps.toDb(now))
        .param("shops", texts(orders, OrderCreated::shopId))
        .param("orders", texts(orders, OrderCreated::orderId))
        .param("buyers", texts(orders, OrderCreated::buyerId))
        .param("phones", texts(orders, OrderCreated::buyerPhone))
        .param("chats", texts(orders, OrderCreated::chatHandle))
        .param("zones", texts(orders, o -> o.buyerTimeZone() == null ? null : o.buyerTimeZone().getId()))
        .param("amounts", longs(orders, o -> o.amount().minor()))
        .param("currencies", texts(orders, o -> o.amount().currency()))
        .param("items", texts(orders, OrderCreated::itemSummary))
        .param("notes", texts(orders, OrderCreated::buyerNote))
        .param("talked", booleans(orders, OrderCreated::talkedToService))
        .param("createdAt", instants(orders, OrderCreated::occurredAt))
        .param("deadlines", instants(created, CreatedOrder::paymentDeadline))
        .param("events", texts(orders, OrderCreated::eventId))
        .query(
            (rs, n) ->
                statuses.put(
                    OrderEvent.key(rs.getString("shop_id"), rs.getString("order_id")), OrderStatus.valueOf(rs.getString("status"))))
        .list();
    return statuses;
  }

  /**
   * Records the payments and counts each order in its buyer's history once, in one statement (a
   * second update of the same rows cost the cancel path as much as this one). An order is counted
   * when it is paid and its buyer is known, unless it was counted before; a payment that arrives
   * before its order is counted when the created event comes ({@link #countPaidOrdersInHistory}).
   *
   * <p>Whether an order was counted before is read from the statement's snapshot: only order
   * events of the same order change that flag or the buyer, and two transactions applying the same
   * order's events one beside the other (a rebalance) wait for each other on {@code
   * processed_event} or on the order's row before this statement takes its snapshot.
   */
  void recordPaid(List<OrderPaid> payments, Instant now) {
    if (payments.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            with paid as (
                insert into buyer_order (shop_id, order_id, status, paid_at, paid_amount_minor, paid_currency, updated_at)
                select p.shop_id, p.order_id, 'PAID', p.paid_at, p.amount, p.currency, :now
                from unnest(:shops::text[], :orders::text[], :paidAt::timestamptz[], :amounts::bigint[], :currencies::text[])
                    as p(shop_id, order_id, paid_at, amount, currency)
                on conflict (shop_id, order_id) do update set
                    status = 'PAID', paid_at = excluded.paid_at, paid_amount_minor = excluded.paid_amount_minor,
                    paid_currency = excluded.paid_currency, updated_at = excluded.updated_at,
                    counted_in_history = buyer_order.counted_in_history or buyer_order.buyer_id is not null
                returning shop_id, order_id, buyer_id, paid_at, counted_in_history
            )
            insert into buyer_history (shop_id, buyer_id, paid_orders, last_paid_at, updated_at)
            select p.shop_id, p.buyer_id, count(*), max(p.paid_at), :now
            -- the rows as they were: a statement does not see what its own WITH changed
            from paid p left join buyer_order earlier on earlier.shop_id = p.shop_id and earlier.order_id = p.order_id
            where p.counted_in_history and not coalesce(earlier.counted_in_history, false)
            group by p.shop_id, p.buyer_id
            """
                + BUYER_HISTORY_UPSERT)
        .param("now", Timestamps.toDb(now))
        .param("shops", texts(payments, OrderPaid::shopId))
        .param("orders", texts(payments, OrderPaid::orderId))
        .param("paidAt", instants(payments, OrderPaid::paidAt))
        .param("amounts", longs(payments, p -> p.amount().minor()))
        .param("currencies", texts(payments, p -> p.amount().currency()))
        .update();
  }

  /**
   * The end of every insert into {@code buyer_history}: several orders of one buyer add up.
   * One lock order for every consumer thread: two batches holding orders of the same buyers
   * (orders spread over partitions by order id) wait for each other instead of deadlocking.
   */
  private static final String BUYER_HISTORY_UPSERT =
      """
      order by shop_id, buyer_id
      on conflict (shop_id, buyer_id) do update set
          paid_orders = buyer_history.paid_orders + excluded.paid_orders,
          last_paid_at = greatest(buyer_history.last_paid_at, excluded.last_paid_at),
          updated_at = excluded.updated_at
      """;

  /**
   * Counts each paid order in its buyer's history once, whichever of created and paid came last
   * (the buyer id arrives with the created event): here for orders whose payment came first, when
   * their created event comes ({@link #recordPaid} counts the others). Several orders of one buyer
   * count together.
   */
  void countPaidOrdersInHistory(List<? extends OrderEvent> orders, Instant now) {
    if (orders.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            with counted as (
                update buyer_order o set counted_in_history = true
                from unnest(:shops::text[], :orders::text[]) as k(shop_id, order_id)
                where o.shop_id = k.shop_id and o.order_id = k.order_id and o.status = 'PAID'
                  and o.buyer_id is not null and not o.counted_in_history
                returning o.shop_id, o.buyer_id, o.paid_at
            )
            insert into buyer_history (shop_id, buyer_id, paid_orders, last_paid_at, updated_at)
            select shop_id, buyer_id, count(*), max(paid_at), :now from counted group by shop_id, buyer_id
            """
                + BUYER_HISTORY_UPSERT)
        .param("shops", texts(orders, OrderEvent::shopId))
        .param("orders", texts(orders, OrderEvent::orderId))
        .param("now", Timestamps.toDb(now))
        .update();
  }

  /** A close after a payment leaves the order paid: the money came in. */
  void recordClosed(List<OrderClosed> closes, Instant now) {
    if (closes.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            insert into buyer_order (shop_id, order_id, status, closed_at, close_reason, updated_at)
            select c.shop_id, c.order_id, 'CLOSED', c.closed_at, c.reason, :now
            from unnest(:shops::text[], :orders::text[], :closedAt::timestamptz[], :reasons::text[])
                as c(shop_id, order_id, closed_at, reason)
            on conflict (shop_id, order_id) do update set
                status = case when buyer_order.status = 'PAID' then 'PAID' else 'CLOSED' end,
                closed_at = excluded.closed_at, close_reason = excluded.close_reason,
                updated_at = excluded.updated_at
            """)
        .param("now", Timestamps.toDb(now))
        .param("shops", texts(closes, OrderClosed::shopId))
        .param("orders", texts(closes, OrderClosed::orderId))
        .param("closedAt", instants(closes, OrderClosed::occurredAt))
        .param("reasons", texts(closes, OrderClosed::reason))
        .update();
  }
}
