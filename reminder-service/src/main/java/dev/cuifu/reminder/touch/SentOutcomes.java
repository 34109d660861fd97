package dev.cuifu.reminder.touch;

import static dev.cuifu.reminder.ops.SqlArrays.instants;
import static dev.cuifu.reminder.ops.SqlArrays.longs;
import static dev.cuifu.reminder.ops.SqlArrays.texts;

import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.timeline.Decision;
import dev.cuifu.reminder.timeline.DecisionLog;
import dev.cuifu.reminder.touch.TouchClaims.Sent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records messages the provider accepted: the lead touch and its followers SENT with the provider's
 * id, each with its timeline entry, in one transaction.
 */
@Repository
class SentOutcomes {

  private final JdbcClient jdbc;
  private final DecisionLog decisions;
  private final TransactionTemplate transaction;
  private final Followers followers;

  SentOutcomes(JdbcClient jdbc, DecisionLog decisions, TransactionTemplate transaction, Followers followers) {
    this.jdbc = jdbc;
    this.decisions = decisions;
    this.transaction = transaction;
    this.followers = followers;
  }

  /** See {@link TouchClaims#markSent}. */
  boolean markSent(long touchId, UUID claim, String providerMessageId, String body, Decision decision, String reason, Instant now) {
    return Boolean.TRUE.equals(transaction.execute(
        status -> {
          boolean ours = sent(touchId, claim, providerMessageId, body, now) == 1;
          if (ours) {
            decisions.record(touchId, decision, reason, now);
          }
          for (Long follower : followers.of(touchId, claim)) {
            if (sent(follower, claim, providerMessageId, body, now) == 1) {
              decisions.record(follower, Decision.MERGED, "named in the message of touch " + touchId + " (" + providerMessageId + ")", now);
            }
          }
          return ours;
        }));
  }

  private int sent(long touchId, UUID claim, String providerMessageId, String body, Instant now) {
    return jdbc.sql(
            """
            update touch set state = 'SENT', provider_message_id = ?, body = ?, sent_at = ?,
                lease_until = null, state_reason = null, updated_at = ?
            where touch_id = ? and claim_token = ? and state = 'SENDING'
            """)
        .params(providerMessageId, body, Timestamps.toDb(now), Timestamps.toDb(now), touchId, claim)
        .update();
  }

  /** See {@link TouchClaims#recordLateAnswer}. */
  boolean recordLateAnswer(long touchId, List<Long> followers, String providerMessageId, String body, Instant handedOverAt, Instant now) {
    return Boolean.TRUE.equals(transaction.execute(
        status -> {
          boolean recorded = lateSent(touchId, touchId, providerMessageId, body, handedOverAt, now) == 1;
          if (recorded) {
            decisions.record(
                touchId, Decision.RECONCILED,
                "the provider accepted it as " + providerMessageId
                    + " after its lease ran out and another claim took it over: recorded, not resent",
                now);
            for (Long follower : followers) {
              if (lateSent(follower, touchId, providerMessageId, body, handedOverAt, now) == 1) {
                decisions.record(follower, Decision.MERGED, "named in the message of touch " + touchId + " (" + providerMessageId + ")", now);
              }
            }
          }
          return recorded;
        }));
  }

  private int lateSent(long touchId, long leadId, String providerMessageId, String body, Instant handedOverAt, Instant now) {
    return jdbc.sql(
            """
            update touch set state = 'SENT', provider_message_id = ?, body = ?, sent_at = ?, claim_token = null,
                merged_into = case when touch_id = ? then null else ? end, lease_until = null, state_reason = null,
                updated_at = ?
            where touch_id = ? and state in ('PLANNED', 'SENDING', 'OUTCOME_UNKNOWN')
            """)
        .params(providerMessageId, body, Timestamps.toDb(handedOverAt), leadId, leadId, Timestamps.toDb(now), touchId)
        .update();
  }

  /** One row of {@link #markSentAll}: a touch and the message it went out in. */
  private record SentRow(long touchId, long leadId, String providerMessageId, String body, Instant handedOverAt) {}

  /** See {@link TouchClaims#markSentAll}. */
  List<Sent> markSentAll(List<Sent> messages, UUID claim, Instant now) {
    List<SentRow> rows = new ArrayList<>();
    for (Sent message : messages) {
      rows.add(new SentRow(message.touchId(), message.touchId(), message.providerMessageId(), message.body(), message.handedOverAt()));
      message.followers().stream().sorted()
          .forEach(f -> rows.add(new SentRow(f, message.touchId(), message.providerMessageId(), message.body(), message.handedOverAt())));
    }
    Map<Long, DecisionLog.Entry> changed = new HashMap<>();
    transaction.executeWithoutResult(
        status -> {
          jdbc.sql(
                  """
                  update touch t set state = 'SENT', provider_message_id = s.provider_message_id, body = s.body,
                      sent_at = s.handed_over_at, lease_until = null, state_reason = null, updated_at = ?
                    from unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[]::timestamptz[])
                           as s(touch_id, lead_id, provider_message_id, body, handed_over_at)
                   where t.touch_id = s.touch_id and t.claim_token = ? and t.state = 'SENDING'
                  returning t.touch_id, t.shop_id, t.order_id, t.tier, t.channel, s.lead_id, s.provider_message_id
                  """)
              .params(
                  Timestamps.toDb(now), longs(rows, SentRow::touchId), longs(rows, SentRow::leadId),
                  texts(rows, SentRow::providerMessageId), texts(rows, SentRow::body), instants(rows, SentRow::handedOverAt),
                  claim)
              .query(
                  (rs, n) -> {
                    long touchId = rs.getLong("touch_id");
                    long leadId = rs.getLong("lead_id");
                    String providerMessageId = rs.getString("provider_message_id");
                    boolean lead = touchId == leadId;
                    return changed.put(
                        touchId,
                        new DecisionLog.Entry(
                            rs.getString("shop_id"), rs.getString("order_id"), touchId, rs.getInt("tier"),
                            rs.getString("channel"), lead ? Decision.SENT : Decision.MERGED,
                            lead
                                ? "accepted by the provider as " + providerMessageId
                                : "named in the message of touch " + leadId + " (" + providerMessageId + ")"));
                  })
              .list();
          // in the order of the messages: each lead, then its followers
          decisions.recordAll(rows.stream().map(row -> changed.get(row.touchId())).filter(Objects::nonNull).toList(), now);
        });
    return messages.stream().filter(m -> !changed.containsKey(m.touchId())).toList();
  }
}
