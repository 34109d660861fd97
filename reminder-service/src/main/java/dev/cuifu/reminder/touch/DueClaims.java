package dev.cuifu.reminder.touch;

import static dev.cuifu.reminder.ops.SqlArrays.instants;
import static dev.cuifu.reminder.ops.SqlArrays.longs;
import static dev.cuifu.reminder.ops.SqlArrays.texts;

import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.touch.TouchClaims.MergeLead;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Takes planned touches into SENDING under a claim with {@code FOR UPDATE SKIP LOCKED}: the due
 * ones of a batch, and the buyer's later ones that travel in a lead's message.
 */
@Repository
class DueClaims {

  /** What a claim returns: the touch with its order and shop ({@link ClaimedTouch}). */
  private static final String CLAIMED_COLUMNS =
      """
      returning t.touch_id, t.claim_token, t.shop_id, t.order_id, t.channel, t.due_at, o.status, o.buyer_id, o.buyer_phone,
          o.chat_handle, o.buyer_note, o.buyer_time_zone, o.item_summary, o.amount_minor, o.currency,
          o.payment_deadline, s.name as shop_name, s.sms_from, s.time_zone as shop_time_zone,
          (select a.script_id from experiment_arm a
            where a.experiment_id = t.experiment_id and a.arm_id = t.experiment_arm) as planned_script_id
      """;

  private final JdbcClient jdbc;
  private final Timer claimTime;

  DueClaims(JdbcClient jdbc, MeterRegistry meters) {
    this.jdbc = jdbc;
    // the figure that must not grow with the number of pending touches (docs/architecture.md, "Targets")
    this.claimTime =
        Timer.builder("cuifu.dispatch.claim")
            .description("Time to claim one batch of due touches")
            .register(meters);
  }

  /** See {@link TouchClaims#claimDue}. */
  List<ClaimedTouch> claimDue(Instant now, int limit, Instant leaseUntil, List<String> channels, UUID claim) {
    return claimTime.record(() -> jdbc.sql(
            """
            with due as (
                select touch_id from touch
                where state = 'PLANNED' and due_at <= :now and channel = any (:channels)
                order by due_at
                limit :limit
                for update skip locked
            )
            update touch t
               set state = 'SENDING', lease_until = :leaseUntil, claim_token = :claim, attempts = t.attempts + 1,
                   updated_at = :now
              from due, buyer_order o left join shop s on s.shop_id = o.shop_id
             where t.touch_id = due.touch_id and o.shop_id = t.shop_id and o.order_id = t.order_id
            """
            + CLAIMED_COLUMNS)
        .param("now", Timestamps.toDb(now))
        .param("limit", limit)
        .param("leaseUntil", Timestamps.toDb(leaseUntil))
        .param("channels", channels.toArray(String[]::new))
        .param("claim", claim)
        .query(DueClaims::claimed)
        .list());
  }

  /** See {@link TouchClaims#claimMergeable}. */
  Map<Long, List<ClaimedTouch>> claimMergeable(List<MergeLead> leads, UUID claim, Instant now) {
    Map<Long, List<ClaimedTouch>> merged = new HashMap<>();
    if (leads.isEmpty()) {
      return merged;
    }
    jdbc.sql(
            """
            with lead as (
                select * from unnest(:leadIds::bigint[], :shopIds::text[], :phones::text[], :channels::text[],
                    :dueBefore::text[]::timestamptz[], :leaseUntil::text[]::timestamptz[])
                  as l(lead_id, shop_id, phone, channel, due_before, lease_until)
            ), mergeable as (
                -- per lead: its buyer's orders by phone, then each order's touches by key; the
                -- fences (offset 0, the row lock) keep the planner from turning this around into
                -- every planned touch against every lead, which it did on stale statistics
                -- (3 s per batch, docs/benchmarks.md)
                select t.touch_id, lead.lead_id, lead.lease_until from lead
                cross join lateral (
                    select o.order_id from buyer_order o
                    where o.shop_id = lead.shop_id and o.buyer_phone = lead.phone
                      and o.status = 'UNPAID' and o.payment_deadline > :now
                    offset 0
                ) o
                cross join lateral (
                    select t.touch_id from touch t
                    where t.shop_id = lead.shop_id and t.order_id = o.order_id and t.channel = lead.channel
                      and t.state = 'PLANNED' and t.due_at < lead.due_before and t.touch_id <> lead.lead_id
                    for update skip locked
                ) t
            )
            update touch t
               set state = 'SENDING', merged_into = mergeable.lead_id, lease_until = mergeable.lease_until,
                   claim_token = :claim, attempts = t.attempts + 1, updated_at = :now
              from mergeable, buyer_order o left join shop s on s.shop_id = o.shop_id
             where t.touch_id = mergeable.touch_id and o.shop_id = t.shop_id and o.order_id = t.order_id
            """
            + CLAIMED_COLUMNS
            + ", mergeable.lead_id as lead_id")
        .param("leadIds", longs(leads, MergeLead::touchId))
        .param("shopIds", texts(leads, MergeLead::shopId))
        .param("phones", texts(leads, MergeLead::buyerPhone))
        .param("channels", texts(leads, MergeLead::channel))
        .param("dueBefore", instants(leads, MergeLead::dueBefore))
        .param("leaseUntil", instants(leads, MergeLead::leaseUntil))
        .param("claim", claim)
        .param("now", Timestamps.toDb(now))
        .query((rs, n) -> merged.computeIfAbsent(rs.getLong("lead_id"), lead -> new ArrayList<>()).add(claimed(rs, n)))
        .list();
    return merged;
  }

  private static ClaimedTouch claimed(ResultSet rs, int row) throws SQLException {
    return new ClaimedTouch(
        rs.getLong("touch_id"),
        rs.getObject("claim_token", UUID.class),
        rs.getString("shop_id"),
        rs.getString("order_id"),
        rs.getString("channel"),
        Timestamps.fromDb(rs, "due_at"),
        OrderStatus.valueOf(rs.getString("status")),
        rs.getString("buyer_id"),
        rs.getString("buyer_phone"),
        rs.getString("chat_handle"),
        rs.getString("buyer_note"),
        zone(rs.getString("buyer_time_zone")),
        rs.getString("item_summary"),
        (Long) rs.getObject("amount_minor"),
        rs.getString("currency"),
        Timestamps.fromDb(rs, "payment_deadline"),
        rs.getString("shop_name"),
        rs.getString("sms_from"),
        zone(rs.getString("shop_time_zone")),
        (Long) rs.getObject("planned_script_id"));
  }

  private static ZoneId zone(String id) {
    return id == null ? null : ZoneId.of(id);
  }
}
