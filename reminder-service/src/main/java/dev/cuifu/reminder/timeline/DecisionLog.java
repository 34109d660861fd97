package dev.cuifu.reminder.timeline;

import static dev.cuifu.reminder.ops.SqlArrays.ints;
import static dev.cuifu.reminder.ops.SqlArrays.longs;
import static dev.cuifu.reminder.ops.SqlArrays.texts;

import dev.cuifu.reminder.ops.Timestamps;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Writes one row per decision (table {@code touch_decision}), in the caller's transaction. */
@Repository
public class DecisionLog {

  /** One decision of a batch; {@code touchId}, {@code tier} and {@code channel} may be null. */
  public record Entry(
      String shopId, String orderId, Long touchId, Integer tier, String channel, Decision decision, String reason) {}

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

  /** A batch of decisions taken at the same moment, in one statement. */
  public void recordAll(List<Entry> entries, Instant at) {
    if (entries.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            insert into touch_decision (shop_id, order_id, touch_id, tier, channel, decision, reason, decided_at)
            select d.shop_id, d.order_id, d.touch_id, d.tier, d.channel, d.decision, d.reason, ?
            from unnest(?::text[], ?::text[], ?::bigint[], ?::int[], ?::text[], ?::text[], ?::text[])
                with ordinality as d(shop_id, order_id, touch_id, tier, channel, decision, reason, n)
            order by d.n
            """)
        .params(
            Timestamps.toDb(at),
            texts(entries, Entry::shopId),
            texts(entries, Entry::orderId),
            longs(entries, Entry::touchId),
            ints(entries, Entry::tier),
            texts(entries, Entry::channel),
            texts(entries, entry -> entry.decision().name()),
            texts(entries, Entry::reason))
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
