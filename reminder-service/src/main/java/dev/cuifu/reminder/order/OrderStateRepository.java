package dev.cuifu.reminder.order;

import dev.cuifu.common.event.OrderClosed;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.event.OrderPaid;
import dev.cuifu.reminder.ops.Timestamps;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Order state (table {@code buyer_order}) and the record of applied events. */
@Repository
class OrderStateRepository {

  private final JdbcClient jdbc;

  OrderStateRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records the event as applied; false when it had been applied before (a duplicate). */
  boolean markProcessed(OrderEvent event, String type, Instant now) {
    return jdbc.sql(
                """
                insert into processed_event (shop_id, event_id, event_type, processed_at, occurred_at, order_id)
                values (?, ?, ?, ?, ?, ?) on conflict do nothing
                """)
            .params(
                event.shopId(),
                event.eventId(),
                type,
                Timestamps.toDb(now),
                Timestamps.toDb(event.occurredAt()),
                event.orderId())
            .update()
        == 1;
  }

  /**
   * Stores the order's details. A payment or close that arrived first keeps its status: the
   * created event fills in the details and nothing else.
   */
  OrderStatus recordCreated(OrderCreated order, Instant paymentDeadline, Instant now) {
    return jdbc.sql(
            """
            insert into buyer_order (shop_id, order_id, status, buyer_id, buyer_phone, chat_handle,
                buyer_time_zone, amount_minor, currency, item_summary, buyer_note, talked_to_service,
                created_at, payment_deadline, updated_at)
            values (:shopId, :orderId, 'UNPAID', :buyerId, :phone, :chat, :zone, :amount, :currency,
                :item, :note, :talked, :createdAt, :deadline, :now)
            on conflict (shop_id, order_id) do update set
                buyer_id = excluded.buyer_id, buyer_phone = excluded.buyer_phone,
                chat_handle = excluded.chat_handle, buyer_time_zone = excluded.buyer_time_zone,
                amount_minor = excluded.amount_minor, currency = excluded.currency,
                item_summary = excluded.item_summary, buyer_note = excluded.buyer_note,
                talked_to_service = excluded.talked_to_service, created_at = excluded.created_at,
                payment_deadline = excluded.payment_deadline, updated_at = excluded.updated_at
            returning status
            """)
        .param("shopId", order.shopId())
        .param("orderId", order.orderId())
        .param("buyerId", order.buyerId())
        .param("phone", order.buyerPhone())
        .param("chat", order.chatHandle())
        .param("zone", order.buyerTimeZone() == null ? null : order.buyerTimeZone().getId())
        .param("amount", order.amount().minor())
        .param("currency", order.amount().currency())
        .param("item", order.itemSummary())
        .param("note", order.buyerNote())
        .param("talked", order.talkedToService())
        .param("createdAt", Timestamps.toDb(order.occurredAt()))
        .param("deadline", Timestamps.toDb(paymentDeadline))
        .param("now", Timestamps.toDb(now))
        .query((rs, n) -> OrderStatus.valueOf(rs.getString("status")))
        .single();
  }

  void recordPaid(OrderPaid paid, Instant now) {
    jdbc.sql(
            """
            insert into buyer_order (shop_id, order_id, status, paid_at, paid_amount_minor, paid_currency, updated_at)
            values (:shopId, :orderId, 'PAID', :paidAt, :amount, :currency, :now)
            on conflict (shop_id, order_id) do update set
                status = 'PAID', paid_at = excluded.paid_at, paid_amount_minor = excluded.paid_amount_minor,
                paid_currency = excluded.paid_currency, updated_at = excluded.updated_at
            """)
        .param("shopId", paid.shopId())
        .param("orderId", paid.orderId())
        .param("paidAt", Timestamps.toDb(paid.paidAt()))
        .param("amount", paid.amount().minor())
        .param("currency", paid.amount().currency())
        .param("now", Timestamps.toDb(now))
        .update();
  }

  /**
   * Counts a paid order in its buyer's history once, whichever of created and paid came last
   * (the buyer id arrives with the created event).
   */
  void countPaidOrderInHistory(String shopId, String orderId, Instant now) {
    jdbc.sql(
            """
            with counted as (
                update buyer_order set counted_in_history = true
                where shop_id = :shopId and order_id = :orderId and status = 'PAID'
                  and buyer_id is not null and not counted_in_history
                returning shop_id, buyer_id, paid_at
            )
            insert into buyer_history (shop_id, buyer_id, paid_orders, last_paid_at, updated_at)
            select shop_id, buyer_id, 1, paid_at, :now from counted
            on conflict (shop_id, buyer_id) do update set
                paid_orders = buyer_history.paid_orders + 1,
                last_paid_at = greatest(buyer_history.last_paid_at, excluded.last_paid_at),
                updated_at = excluded.updated_at
            """)
        .param("shopId", shopId)
        .param("orderId", orderId)
        .param("now", Timestamps.toDb(now))
        .update();
  }

  /** A close after a payment leaves the order paid: the money came in. */
  void recordClosed(OrderClosed closed, Instant now) {
    jdbc.sql(
            """
            insert into buyer_order (shop_id, order_id, status, closed_at, close_reason, updated_at)
            values (:shopId, :orderId, 'CLOSED', :closedAt, :reason, :now)
            on conflict (shop_id, order_id) do update set
                status = case when buyer_order.status = 'PAID' then 'PAID' else 'CLOSED' end,
                closed_at = excluded.closed_at, close_reason = excluded.close_reason,
                updated_at = excluded.updated_at
            """)
        .param("shopId", closed.shopId())
        .param("orderId", closed.orderId())
        .param("closedAt", Timestamps.toDb(closed.occurredAt()))
        .param("reason", closed.reason())
        .param("now", Timestamps.toDb(now))
        .update();
  }
}
