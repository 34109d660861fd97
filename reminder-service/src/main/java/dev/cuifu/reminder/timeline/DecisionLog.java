package dev.cuifu.reminder.timeline;

import dev.cuifu.reminder.ops.Timestamps;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Writes one row per decision (table {@code touch_decision}), in the caller's transaction. */
@Repository
public class DecisionLog {

  private final JdbcClient jdbc;

  DecisionLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void record(
      String shopId, String orderId, Long touchId, Integer tier, String channel, Decision decision, String reason, Instant at) {
    jdbc.sql(
            """
            insert into touch_decision (shop_id, order_id, touch_id, tier, channel, decision, reason, decided_at)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(shopId, orderId, touchId, tier, channel, decision.name(), reason, Timestamps.toDb(at))
        .update();
  }

  /** For a touch known by id: its order, tier and channel are looked up in the same statement. */
  public void record(long touchId, Decision decision, String reason, Instant at) {
    jdbc.sql(
            """
            insert into touch_decision (shop_id, order_id, touch_id, tier, channel, decision, reason, decided_at)
            select shop_id, order_id, touch_id, tier, channel, ?, ?, ? from touch where touch_id = ?
            """)
        .params(decision.name(), reason, Timestamps.toDb(at), touchId)
        .update();
  }
}
