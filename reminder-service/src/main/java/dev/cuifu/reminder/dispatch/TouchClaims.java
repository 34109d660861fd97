package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.order.OrderStatus;
import dev.cuifu.reminder.ops.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Claims due touches with {@code FOR UPDATE SKIP LOCKED} under a lease, so any number of
 * instances dispatch side by side without sending a touch twice, and records their outcome.
 */
@Repository
class TouchClaims {

  private final JdbcClient jdbc;

  TouchClaims(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Marks up to {@code limit} due touches as SENDING (committed before any provider call). */
  List<ClaimedTouch> claimDue(Instant now, int limit, Instant leaseUntil) {
    return jdbc.sql(
            """
            with due as (
                select touch_id from touch
                where state = 'PLANNED' and due_at <= :now
                order by due_at
                limit :limit
                for update skip locked
            )
            update touch t
               set state = 'SENDING', lease_until = :leaseUntil, attempts = t.attempts + 1, updated_at = :now
              from due, buyer_order o left join shop s on s.shop_id = o.shop_id
             where t.touch_id = due.touch_id and o.shop_id = t.shop_id and o.order_id = t.order_id
            returning t.touch_id, t.shop_id, t.order_id, t.channel, t.due_at, o.status, o.buyer_phone,
                o.buyer_time_zone, o.item_summary, o.amount_minor, o.currency, o.payment_deadline,
                s.name as shop_name, s.sms_from, s.time_zone as shop_time_zone
            """)
        .param("now", Timestamps.toDb(now))
        .param("limit", limit)
        .param("leaseUntil", Timestamps.toDb(leaseUntil))
        .query(TouchClaims::claimed)
        .list();
  }

  void markSent(long touchId, String providerMessageId, String body, Instant now) {
    jdbc.sql(
            """
            update touch set state = 'SENT', provider_message_id = ?, body = ?, sent_at = ?,
                lease_until = null, state_reason = null, updated_at = ?
            where touch_id = ? and state = 'SENDING'
            """)
        .params(providerMessageId, body, Timestamps.toDb(now), Timestamps.toDb(now), touchId)
        .update();
  }

  /** Ends the touch without sending: FAILED, CANCELLED or EXPIRED, with the reason. */
  void finish(long touchId, String state, String reason, Instant now) {
    jdbc.sql(
            """
            update touch set state = ?, state_reason = ?, lease_until = null, updated_at = ?
            where touch_id = ? and state = 'SENDING'
            """)
        .params(state, reason, Timestamps.toDb(now), touchId)
        .update();
  }

  /** Puts the touch back in the plan for a later attempt. */
  void retryAt(long touchId, Instant dueAt, String reason, Instant now) {
    jdbc.sql(
            """
            update touch set state = 'PLANNED', due_at = ?, state_reason = ?, lease_until = null, updated_at = ?
            where touch_id = ? and state = 'SENDING'
            """)
        .params(Timestamps.toDb(dueAt), reason, Timestamps.toDb(now), touchId)
        .update();
  }

  /**
   * Leaves the touch SENDING with the reason: the provider may have it, so it must be reconciled
   * with the provider rather than sent again.
   */
  void markOutcomeUnknown(long touchId, String reason, Instant now) {
    jdbc.sql("update touch set state_reason = ?, updated_at = ? where touch_id = ? and state = 'SENDING'")
        .params(reason, Timestamps.toDb(now), touchId)
        .update();
  }

  private static ClaimedTouch claimed(ResultSet rs, int row) throws SQLException {
    return new ClaimedTouch(
        rs.getLong("touch_id"),
        rs.getString("shop_id"),
        rs.getString("order_id"),
        rs.getString("channel"),
        Timestamps.fromDb(rs, "due_at"),
        OrderStatus.valueOf(rs.getString("status")),
        rs.getString("buyer_phone"),
        zone(rs.getString("buyer_time_zone")),
        rs.getString("item_summary"),
        (Long) rs.getObject("amount_minor"),
        rs.getString("currency"),
        Timestamps.fromDb(rs, "payment_deadline"),
        rs.getString("shop_name"),
        rs.getString("sms_from"),
        zone(rs.getString("shop_time_zone")));
  }

  private static ZoneId zone(String id) {
    return id == null ? null : ZoneId.of(id);
  }
}
