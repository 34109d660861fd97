package dev.cuifu.reminder.touch;

import static dev.cuifu.reminder.ops.SqlArrays.longs;
import static dev.cuifu.reminder.ops.SqlArrays.texts;

import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.touch.TouchClaims.Attempt;
import dev.cuifu.reminder.touch.TouchClaims.Merge;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What is written on claimed touches between the claim and the provider call: which lead's message
 * each travels in, and the attempt itself (committed before the call, and only if the claim still
 * holds the touch).
 */
@Repository
class Attempts {

  private final JdbcClient jdbc;

  Attempts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** See {@link TouchClaims#startAttempt}. */
  boolean startAttempt(long touchId, UUID claim, String body, String via, Instant leaseUntil, Instant now) {
    return jdbc.sql(
                """
                update touch set body = ?, attempt_started_at = ?, attempt_via = ?, lease_until = ?, updated_at = ?
                where touch_id = ? and claim_token = ? and state = 'SENDING'
                """)
            .params(body, Timestamps.toDb(now), via, Timestamps.toDb(leaseUntil), Timestamps.toDb(now), touchId, claim)
            .update()
        == 1;
  }

  /** See {@link TouchClaims#mergeAll}. */
  void mergeAll(List<Merge> merges, UUID claim) {
    if (!merges.isEmpty()) {
      jdbc.sql(
              """
              update touch t set merged_into = m.lead_id
                from unnest(?::bigint[], ?::bigint[]) as m(touch_id, lead_id)
               where t.touch_id = m.touch_id and t.claim_token = ? and t.state = 'SENDING'
              """)
          .params(longs(merges, Merge::touchId), longs(merges, Merge::leadId), claim)
          .update();
    }
  }

  /** See {@link TouchClaims#startAttempts}. */
  Set<Long> startAttempts(List<Attempt> attempts, UUID claim, Instant leaseUntil, Instant now) {
    if (attempts.isEmpty()) {
      return Set.of();
    }
    return Set.copyOf(
        jdbc.sql(
                """
                update touch t set body = a.body, attempt_started_at = ?, attempt_via = null, lease_until = ?, updated_at = ?
                  from unnest(?::bigint[], ?::text[]) as a(touch_id, body)
                 where t.touch_id = a.touch_id and t.claim_token = ? and t.state = 'SENDING'
                returning t.touch_id
                """)
            .params(
                Timestamps.toDb(now), Timestamps.toDb(leaseUntil), Timestamps.toDb(now), longs(attempts, Attempt::touchId),
                texts(attempts, Attempt::body), claim)
            .query(Long.class)
            .list());
  }
}
