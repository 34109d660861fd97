package dev.cuifu.reminder.timeline;

import dev.cuifu.reminder.ops.Timestamps;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What a shop may read of one of its orders: its status, its touches, the events received and the
 * decisions taken. Every read starts from {@link #order}, so another shop's order is unknown.
 */
@Repository
class OrderStoryQueries {

  record OrderHead(String status, boolean stockProblem) {}

  record TouchView(
      int tier,
      String channel,
      String state,
      Instant dueAt,
      String reason,
      String providerMessageId,
      Instant sentAt) {}

  /**
   * One line of the story. {@code kind} is {@code EVENT} or {@code TOUCH}; {@code what} is the
   * event type or the decision.
   */
  record Entry(Instant at, String kind, String what, Integer tier, String channel, Long touchId, String reason) {}

  private final JdbcClient jdbc;

  OrderStoryQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The shop's order, or {@link UnknownOrderException}. */
  OrderHead order(String shopId, String orderId) {
    return jdbc.sql("select status, stock_problem from buyer_order where shop_id = ? and order_id = ?")
        .params(shopId, orderId)
        .query((rs, n) -> new OrderHead(rs.getString("status"), rs.getBoolean("stock_problem")))
        .optional()
        .orElseThrow(() -> new UnknownOrderException());
  }

  List<TouchView> touches(String shopId, String orderId) {
    return jdbc.sql(
            """
            select tier, channel, state, due_at, state_reason, provider_message_id, sent_at
            from touch where shop_id = ? and order_id = ? order by tier
            """)
        .params(shopId, orderId)
        .query(
            (rs, n) ->
                new TouchView(
                    rs.getInt("tier"),
                    rs.getString("channel"),
                    rs.getString("state"),
                    Timestamps.fromDb(rs, "due_at"),
                    rs.getString("state_reason"),
                    rs.getString("provider_message_id"),
                    Timestamps.fromDb(rs, "sent_at")))
        .list();
  }

  /** The order's events as received, unordered. */
  List<Entry> events(String shopId, String orderId) {
    return jdbc.sql(
            """
            select coalesce(occurred_at, processed_at) as at, event_type, event_id, processed_at
            from applied_event where shop_id = ? and order_id = ?
            """)
        .params(shopId, orderId)
        .query(
            (rs, n) ->
                new Entry(
                    Timestamps.fromDb(rs, "at"), "EVENT", rs.getString("event_type"), null, null, null,
                    "event " + rs.getString("event_id") + " received " + Timestamps.fromDb(rs, "processed_at")))
        .list();
  }

  /**
   * The decisions about the order's touches, in the order they were taken. A touch planned since
   * V27 is its own PLANNED entry ({@code story_from_touch}): its time, due time, note and arm are
   * on the row, and it comes first among the entries of its moment, as its decision row did when
   * planning wrote one. Older touches are shown from their PLANNED decision row, once. Likewise a
   * touch cancelled by its order's payment or close since V29 is its own CANCELLED entry ({@code
   * cancelled_at}, the reason in {@code state_reason}), last among the entries of its moment as the
   * cancellation was the last decision its batch took.
   */
  List<Entry> decisions(String shopId, String orderId) {
    return jdbc.sql(
            """
            select decided_at, decision, tier, channel, touch_id, reason, planned_due_at, plan_note, experiment_id, experiment_arm
            from (
                select planned_at as decided_at, 'PLANNED' as decision, tier, channel, touch_id, null as reason,
                       planned_due_at, plan_note, experiment_id, experiment_arm, 0 as source, touch_id as seq
                from touch where shop_id = :shop and order_id = :order and story_from_touch
                union all
                select decided_at, decision, tier, channel, touch_id, reason,
                       null, null, null, null, 1 as source, decision_id as seq
                from touch_decision where shop_id = :shop and order_id = :order
                union all
                select cancelled_at, 'CANCELLED', tier, channel, touch_id, state_reason,
                       null, null, null, null, 2 as source, touch_id as seq
                from touch where shop_id = :shop and order_id = :order and cancelled_at is not null
            ) entries
            order by decided_at, source, seq
            """)
        .param("shop", shopId)
        .param("order", orderId)
        .query(
            (rs, n) -> {
              Integer tier = (Integer) rs.getObject("tier");
              Long touchId = (Long) rs.getObject("touch_id");
              String reason = rs.getString("reason");
              Instant plannedDue = Timestamps.fromDb(rs, "planned_due_at");
              if (plannedDue != null) {
                Long experimentId = (Long) rs.getObject("experiment_id");
                reason = plannedReason(plannedDue, rs.getString("plan_note"), experimentId, rs.getString("experiment_arm"));
              }
              return new Entry(
                  Timestamps.fromDb(rs, "decided_at"), "TOUCH", rs.getString("decision"), tier, rs.getString("channel"), touchId, reason);
            })
        .list();
  }

  /** The reason a PLANNED entry gives, worded as planning's decision rows always were. */
  static String plannedReason(Instant dueAt, String note, Long experimentId, String armId) {
    return "due " + dueAt + (note == null ? "" : "; " + note)
        + (experimentId == null ? "" : "; arm " + armId + " of experiment " + experimentId);
  }
}
