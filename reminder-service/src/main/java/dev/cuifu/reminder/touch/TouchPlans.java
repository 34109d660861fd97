package dev.cuifu.reminder.touch;

import static dev.cuifu.reminder.ops.SqlArrays.instants;
import static dev.cuifu.reminder.ops.SqlArrays.ints;
import static dev.cuifu.reminder.ops.SqlArrays.longs;
import static dev.cuifu.reminder.ops.SqlArrays.texts;

import dev.cuifu.reminder.ops.Timestamps;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Planning's way into the {@code touch} table: new touches in, open ones cancelled. Each is one
 * statement for a whole batch, in the caller's transaction; which touches and why is the planner's
 * business.
 */
@Repository
public class TouchPlans {

  /** A touch to plan; {@code note}, {@code experimentId} and {@code armId} may be null. */
  public record NewTouch(
      String shopId, String orderId, int tier, String channel, Instant dueAt, String note, Long experimentId, String armId) {}

  /** An order whose touches not yet gone out are to be cancelled with {@code reason}. */
  public record Cancellation(String shopId, String orderId, String reason, String cause) {}

  /** A touch cancelled by a {@link Cancellation}, with its reason and cause. */
  public record CancelledTouch(long touchId, String shopId, String orderId, int tier, String channel, String reason, String cause) {}

  private final JdbcClient jdbc;

  TouchPlans(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Writes the touches as PLANNED, in their order; a tier an order already has is left alone and
   * not counted. Returns how many were written per channel: the rows themselves are not read back
   * (a batch's thousand touches, their due times printed by PostgreSQL and parsed again, for a
   * counter). {@code planned_due_at} keeps the due time as planned when a deferral later moves
   * {@code due_at}: experiments count an order from it. The row is its own PLANNED entry on the
   * order's timeline ({@code story_from_touch}, with {@code plan_note}): no decision row is written
   * for it.
   */
  public Map<String, Integer> plan(List<NewTouch> touches, Instant now) {
    if (touches.isEmpty()) {
      return Map.of();
    }
    Map<String, Integer> planned = new HashMap<>();
    jdbc.sql(
            """
            with planned as (
                insert into touch (shop_id, order_id, tier, channel, due_at, planned_due_at, state, state_reason, planned_at,
                                   updated_at, experiment_id, experiment_arm, plan_note, story_from_touch)
                select t.shop_id, t.order_id, t.tier, t.channel, t.due_at, t.due_at, 'PLANNED', t.note, :now, :now, t.experiment_id,
                       t.arm, t.note, true
                from unnest(:shops::text[], :orders::text[], :tiers::int[], :channels::text[], :dues::timestamptz[], :notes::text[],
                            :experiments::bigint[], :arms::text[])
                    with ordinality as t(shop_id, order_id, tier, channel, due_at, note, experiment_id, arm, n)
                order by t.n
                on conflict (shop_id, order_id, tier) do nothing
                returning channel
            )
            select channel, count(*) as touches from planned group by channel
            """)
        .param("now", Timestamps.toDb(now))
        .param("shops", texts(touches, NewTouch::shopId))
        .param("orders", texts(touches, NewTouch::orderId))
        .param("tiers", ints(touches, NewTouch::tier))
        .param("channels", texts(touches, NewTouch::channel))
        .param("dues", instants(touches, NewTouch::dueAt))
        .param("notes", texts(touches, NewTouch::note))
        .param("experiments", longs(touches, NewTouch::experimentId))
        .param("arms", texts(touches, NewTouch::armId))
        .query((rs, n) -> planned.put(rs.getString("channel"), rs.getInt("touches")))
        .list();
    return planned;
  }

  /**
   * Cancels every PLANNED touch of each order, in one statement. The row is the cancellation's
   * entry on the order's timeline ({@code cancelled_at}, V29): no decision row is written for it.
   */
  public List<CancelledTouch> cancelOpen(List<Cancellation> cancellations, Instant now) {
    if (cancellations.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            update touch t set state = 'CANCELLED', state_reason = c.reason, updated_at = :now, cancelled_at = :now
            from unnest(:shops::text[], :orders::text[], :reasons::text[], :causes::text[]) as c(shop_id, order_id, reason, cause)
            where t.shop_id = c.shop_id and t.order_id = c.order_id and t.state = 'PLANNED'
            returning t.touch_id, t.shop_id, t.order_id, t.tier, t.channel, c.reason, c.cause
            """)
        .param("now", Timestamps.toDb(now))
        .param("shops", texts(cancellations, Cancellation::shopId))
        .param("orders", texts(cancellations, Cancellation::orderId))
        .param("reasons", texts(cancellations, Cancellation::reason))
        .param("causes", texts(cancellations, Cancellation::cause))
        .query(
            (rs, n) ->
                new CancelledTouch(
                    rs.getLong("touch_id"), rs.getString("shop_id"), rs.getString("order_id"), rs.getInt("tier"),
                    rs.getString("channel"), rs.getString("reason"), rs.getString("cause")))
        .list();
  }
}
