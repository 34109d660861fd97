package dev.cuifu.reminder.touch;

import static dev.cuifu.reminder.ops.SqlArrays.ints;
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
 * What is written on claimed touches between the claim and the provider call: the attempt itself
 * with the script its text came from, and which lead's message each follower travels in (committed
 * before the call, and only where the claim still holds the touch).
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

  /** See {@link TouchClaims#startMessages}. */
  Set<Long> startMessages(List<Attempt> attempts, List<Merge> merges, UUID claim, Instant leaseUntil, Instant now) {
    if (attempts.isEmpty()) {
      return Set.of();
    }
    return Set.copyOf(
        jdbc.sql(
                """
                with attempt as (
                    select * from unnest(?::bigint[], ?::text[], ?::bigint[], ?::int[]) as a(touch_id, body, script_id, script_version)
                ), started as (
                    update touch t set body = a.body, attempt_started_at = ?, attempt_via = null, lease_until = ?, updated_at = ?,
                        script_id = a.script_id, script_version = a.script_version
                      from attempt a
                     where t.touch_id = a.touch_id and t.claim_token = ? and t.state = 'SENDING'
                    returning t.touch_id
                ), merged as (
                    -- the followers: in their lead's message, with its script once the lead started
                    update touch t set merged_into = m.lead_id,
                        script_id = case when s.touch_id is null then t.script_id else a.script_id end,
                        script_version = case when s.touch_id is null then t.script_version else a.script_version end
                      from unnest(?::bigint[], ?::bigint[]) as m(touch_id, lead_id)
                      join attempt a on a.touch_id = m.lead_id
                      left join started s on s.touch_id = m.lead_id
                     where t.touch_id = m.touch_id and t.claim_token = ? and t.state = 'SENDING'
                )
                select touch_id from started
                """)
            .params(
                longs(attempts, Attempt::touchId), texts(attempts, Attempt::body), longs(attempts, Attempt::scriptId),
                ints(attempts, Attempt::scriptVersion), Timestamps.toDb(now), Timestamps.toDb(leaseUntil), Timestamps.toDb(now),
                claim, longs(merges, Merge::touchId), longs(merges, Merge::leadId), claim)
            .query(Long.class)
            .list());
  }
}
