package dev.cuifu.reminder.touch;

import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.timeline.Decision;
import dev.cuifu.reminder.timeline.DecisionLog;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every other way a claimed touch leaves SENDING (ended, back in the plan, or its outcome unknown),
 * the lead's followers with it, each change with its timeline entry in one transaction.
 */
@Repository
class UnsentOutcomes {

  private final JdbcClient jdbc;
  private final DecisionLog decisions;
  private final TransactionTemplate transaction;
  private final Followers followers;

  UnsentOutcomes(JdbcClient jdbc, DecisionLog decisions, TransactionTemplate transaction, Followers followers) {
    this.jdbc = jdbc;
    this.decisions = decisions;
    this.transaction = transaction;
    this.followers = followers;
  }

  /** See {@link TouchClaims#finish}. */
  void finish(long touchId, UUID claim, Decision decision, String reason, Instant now) {
    String state = decision == Decision.SKIPPED ? "SKIPPED" : decision.name();
    transaction.executeWithoutResult(
        status -> {
          if (finishOne(touchId, claim, state, reason, now) == 1) {
            decisions.record(touchId, decision, reason, now);
          }
          for (Long follower : followers.of(touchId, claim)) {
            if (finishOne(follower, claim, state, reason, now) == 1) {
              decisions.record(follower, decision, reason + " (with the message of touch " + touchId + ")", now);
            }
          }
        });
  }

  private int finishOne(long touchId, UUID claim, String state, String reason, Instant now) {
    return jdbc.sql(
            """
            update touch set state = ?, state_reason = ?, lease_until = null, updated_at = ?
            where touch_id = ? and claim_token = ? and state = 'SENDING'
            """)
        .params(state, reason, Timestamps.toDb(now), touchId, claim)
        .update();
  }

  /** See {@link TouchClaims#replanAt}. */
  void replanAt(long touchId, UUID claim, Instant dueAt, Decision decision, String reason, Instant now) {
    transaction.executeWithoutResult(
        status -> {
          int changed =
              jdbc.sql(
                      """
                      update touch set state = 'PLANNED', due_at = ?, state_reason = ?, lease_until = null,
                          attempt_started_at = null, updated_at = ?
                      where touch_id = ? and claim_token = ? and state = 'SENDING'
                      """)
                  .params(Timestamps.toDb(dueAt), reason, Timestamps.toDb(now), touchId, claim)
                  .update();
          if (changed == 1) {
            decisions.record(touchId, decision, reason + " (next attempt " + dueAt + ")", now);
          }
          for (Long follower : followers.of(touchId, claim)) {
            int released =
                jdbc.sql(
                        """
                        update touch set state = 'PLANNED', merged_into = null, lease_until = null, updated_at = ?
                        where touch_id = ? and claim_token = ? and state = 'SENDING'
                        """)
                    .params(Timestamps.toDb(now), follower, claim)
                    .update();
            if (released == 1) {
              decisions.record(follower, decision, "released from the message of touch " + touchId + ": " + reason, now);
            }
          }
        });
  }

  /** See {@link TouchClaims#markOutcomeUnknown}. */
  void markOutcomeUnknown(long touchId, UUID claim, String reason, Instant now) {
    transaction.executeWithoutResult(
        status -> {
          int changed =
              jdbc.sql("update touch set state_reason = ?, updated_at = ? where touch_id = ? and claim_token = ? and state = 'SENDING'")
                  .params(reason, Timestamps.toDb(now), touchId, claim)
                  .update();
          if (changed == 1) {
            decisions.record(touchId, Decision.OUTCOME_UNKNOWN, reason, now);
          }
        });
  }

  /** See {@link TouchClaims#endOutcomeUnknown}. */
  void endOutcomeUnknown(long touchId, UUID claim, String reason, Instant now) {
    transaction.executeWithoutResult(
        status -> {
          if (outcomeUnknown(touchId, claim, reason, now) == 1) {
            decisions.record(touchId, Decision.OUTCOME_UNKNOWN, reason, now);
          }
          for (Long follower : followers.of(touchId, claim)) {
            if (outcomeUnknown(follower, claim, reason, now) == 1) {
              decisions.record(follower, Decision.OUTCOME_UNKNOWN, reason + " (with the message of touch " + touchId + ")", now);
            }
          }
        });
  }

  private int outcomeUnknown(long touchId, UUID claim, String reason, Instant now) {
    return jdbc.sql(
            """
            update touch set state = 'OUTCOME_UNKNOWN', state_reason = ?, sent_at = coalesce(attempt_started_at, ?),
                lease_until = null, updated_at = ?
            where touch_id = ? and claim_token = ? and state = 'SENDING'
            """)
        .params(reason, Timestamps.toDb(now), Timestamps.toDb(now), touchId, claim)
        .update();
  }
}
