package dev.cuifu.reminder.dispatch;

import static dev.cuifu.reminder.ops.SqlArrays.instants;
import static dev.cuifu.reminder.ops.SqlArrays.longs;
import static dev.cuifu.reminder.ops.SqlArrays.texts;

import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.order.OrderStatus;
import dev.cuifu.reminder.timeline.Decision;
import dev.cuifu.reminder.timeline.DecisionLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims due touches with {@code FOR UPDATE SKIP LOCKED} under a lease, so any number of
 * instances dispatch side by side without sending a touch twice, and records their outcome, each
 * state change and its timeline entry in one transaction.
 *
 * <p>Fenced: every claim writes a fresh {@code claim_token} (a batch's, or lease recovery's when it
 * takes a touch over), and every later write on the touch names it. A holder that outlived its
 * lease therefore changes nothing once another claim holds the touch, and since an attempt is only
 * started by a write that changed its row, it calls no provider either.
 */
@Repository
class TouchClaims {

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
  private final DecisionLog decisions;
  private final TransactionTemplate transaction;
  private final Timer claimTime;

  TouchClaims(JdbcClient jdbc, DecisionLog decisions, TransactionTemplate transaction, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.decisions = decisions;
    this.transaction = transaction;
    // the figure that must not grow with the number of pending touches (docs/architecture.md, "Targets")
    this.claimTime =
        Timer.builder("cuifu.dispatch.claim")
            .description("Time to claim one batch of due touches")
            .register(meters);
  }

  /**
   * Marks up to {@code limit} due touches of the given channels as SENDING under {@code claim}
   * (committed before any provider call).
   */
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
        .query(TouchClaims::claimed)
        .list());
  }

  /** {@code attempt_via} of a chat touch sent over WhatsApp through Twilio. */
  static final String VIA_WHATSAPP = "WHATSAPP";

  /**
   * Commits the exact body, when the attempt began and, when the channel does not imply it, how it
   * goes out ({@link #VIA_WHATSAPP}), right before the provider is called — so that after a crash
   * recovery can ask the provider whether this very message exists — and renews the touch's lease
   * to {@code leaseUntil} for the call. False: the touch is no longer this claim's (its lease
   * expired and recovery or another instance took it over), and the provider must not be called.
   */
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

  /**
   * Records the touch (and the touches merged into it) SENT as {@code providerMessageId}, if this
   * claim still holds it; false if it does not (see {@link #recordLateAnswer}).
   */
  boolean markSent(long touchId, UUID claim, String providerMessageId, String body, Decision decision, String reason, Instant now) {
    return Boolean.TRUE.equals(transaction.execute(
        status -> {
          boolean ours = sent(touchId, claim, providerMessageId, body, now) == 1;
          if (ours) {
            decisions.record(touchId, decision, reason, now);
          }
          for (Long follower : followers(touchId, claim)) {
            if (sent(follower, claim, providerMessageId, body, now) == 1) {
              decisions.record(follower, Decision.MERGED, "named in the message of touch " + touchId + " (" + providerMessageId + ")", now);
            }
          }
          return ours;
        }));
  }

  /** Touches merged into this one's message and still travelling with it under this claim. */
  private List<Long> followers(long leadId, UUID claim) {
    return jdbc.sql("select touch_id from touch where merged_into = ? and claim_token = ? and state = 'SENDING' order by touch_id")
        .params(leadId, claim)
        .query(Long.class)
        .list();
  }

  /**
   * The provider accepted a message for a touch this claim no longer holds: its lease ran out
   * during the call and recovery (or another instance) took the touch over. The one exception to
   * the fence, because the message exists: unless the touch has meanwhile been sent or ended
   * another way (OUTCOME_UNKNOWN is what this answer resolves), it (and its followers) are
   * recorded SENT with this message's id — so that the
   * buyer gets no second message and the message's status callbacks find their touch — and the
   * current claim, if any, is fenced out. Returns whether the lead was recorded.
   */
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

  /**
   * A lead touch whose buyer's other planned touches of the channel, due before {@code dueBefore},
   * may travel in its message.
   */
  record MergeLead(long touchId, String shopId, String buyerPhone, String channel, Instant dueBefore, Instant leaseUntil) {}

  /**
   * For each lead, takes its buyer's other planned touches of the channel that fall due before its
   * {@code dueBefore} (their orders still unpaid and payable) into its message: SENDING, merged into
   * it. One statement for a whole batch's leads; the touches by lead.
   */
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

  /** A touch (claimed in the same batch) that travels in the message of {@code leadId}. */
  record Merge(long touchId, long leadId) {}

  /** Makes these touches travel in their lead's message, in one statement (the caller's transaction). */
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

  /** The exact text one lead touch's message is about to be sent with. */
  record Attempt(long touchId, String body) {}

  /**
   * {@link #startAttempt} for many touches in one statement (the caller's transaction, which must
   * commit before any of them is handed to the provider); returns the touches it started, the only
   * ones whose provider may be called.
   */
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

  /**
   * A message the provider accepted: its lead touch and the touches merged into it, and when it was
   * handed to the provider — the touches' {@code sent_at}, which attribution compares with the
   * payment: a buyer may pay before the provider's answer is back, let alone before the batch is
   * recorded.
   */
  record Sent(long touchId, List<Long> followers, String providerMessageId, String body, Instant handedOverAt) {}

  /** One row of {@link #markSentAll}: a touch and the message it went out in. */
  private record SentRow(long touchId, long leadId, String providerMessageId, String body, Instant handedOverAt) {}

  /**
   * {@link #markSent} for many messages of one claim: every lead and follower SENT with its
   * provider id, and their timeline entries, in one transaction of two statements. Returns the
   * messages whose lead this claim no longer held (see {@link #recordLateAnswer}).
   */
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

  /**
   * When each of these buyers of a shop was sent messages on the given channels since {@code
   * since}, by phone, newest first: one entry per provider message, however many touches it
   * carried. One query for a whole claimed batch; buyers sent nothing are absent.
   *
   * <p>A message another claim holds in flight right now (a lead touch {@code SENDING}, not one of
   * {@code ours}) counts as sent {@code now}: instances sweep side by side, so a buyer's touches
   * may be claimed by two batches at once, and without this both would see no message yet and
   * both send within the cap. Each batch commits its claim before asking, so of two such batches
   * at least the later one sees the other's claim and defers.
   */
  Map<String, List<Instant>> messagesSentSince(
      String shopId, Collection<String> buyerPhones, List<String> channels, Instant since, Instant now, Collection<Long> ours) {
    Map<String, List<Instant>> sent = new HashMap<>();
    jdbc.sql(
            """
            select buyer_phone, sent_at from (
                select o.buyer_phone, max(t.sent_at) as sent_at
                from touch t join buyer_order o on o.shop_id = t.shop_id and o.order_id = t.order_id
                where t.shop_id = :shop and o.buyer_phone = any (:phones) and t.state in ('SENT', 'OUTCOME_UNKNOWN')
                  and t.channel = any (:channels)
                  and t.sent_at > :since
                group by o.buyer_phone, coalesce(t.provider_message_id, t.touch_id::text)
              union all
                select o.buyer_phone, :now
                from touch t join buyer_order o on o.shop_id = t.shop_id and o.order_id = t.order_id
                where t.shop_id = :shop and o.buyer_phone = any (:phones) and t.state = 'SENDING' and t.channel = any (:channels)
                  and t.merged_into is null and t.touch_id <> all (:ours)
            ) messages
            order by sent_at desc
            """)
        .param("shop", shopId)
        .param("phones", buyerPhones.stream().distinct().toArray(String[]::new))
        .param("channels", channels.toArray(String[]::new))
        .param("since", Timestamps.toDb(since))
        .param("now", Timestamps.toDb(now))
        .param("ours", ours.toArray(Long[]::new))
        .query((rs, n) -> sent.computeIfAbsent(rs.getString("buyer_phone"), phone -> new ArrayList<>()).add(Timestamps.fromDb(rs, "sent_at")))
        .list();
    return sent;
  }

  /** Marks the order for the shop's attention: its stock check said the item is gone. */
  void flagStockProblem(String shopId, String orderId) {
    jdbc.sql("update buyer_order set stock_problem = true where shop_id = ? and order_id = ?")
        .params(shopId, orderId)
        .update();
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

  /** Ends the touch without sending: FAILED, CANCELLED, EXPIRED or SKIPPED, with the reason. */
  void finish(long touchId, UUID claim, Decision decision, String reason, Instant now) {
    String state = decision == Decision.SKIPPED ? "SKIPPED" : decision.name();
    transaction.executeWithoutResult(
        status -> {
          if (finishOne(touchId, claim, state, reason, now) == 1) {
            decisions.record(touchId, decision, reason, now);
          }
          for (Long follower : followers(touchId, claim)) {
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

  /** Puts the touch back in the plan for a later attempt (a retry or a deferral). */
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
          for (Long follower : followers(touchId, claim)) {
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

  /**
   * Leaves the touch SENDING with the reason: the provider may have it, so once its lease expires
   * recovery reconciles it with the provider (or, when the provider cannot be asked, ends it with
   * {@link #endOutcomeUnknown}) rather than sending it again.
   */
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

  /**
   * Ends a touch (and its followers) as OUTCOME_UNKNOWN: its attempt began, so its message may have
   * reached the buyer, and its provider cannot be asked. Never resent; it counts towards the
   * frequency cap from when the attempt began.
   */
  void endOutcomeUnknown(long touchId, UUID claim, String reason, Instant now) {
    transaction.executeWithoutResult(
        status -> {
          if (outcomeUnknown(touchId, claim, reason, now) == 1) {
            decisions.record(touchId, Decision.OUTCOME_UNKNOWN, reason, now);
          }
          for (Long follower : followers(touchId, claim)) {
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

  /**
   * A touch whose lease ran out while SENDING (its holder died, or is hopelessly late), now held by
   * recovery's {@code claim}.
   */
  record StuckTouch(
      long touchId, UUID claim, String shopId, String channel, String buyerPhone, String body, Instant attemptStartedAt,
      String attemptVia) {}

  /**
   * Takes over up to {@code limit} expired leases (lead touches, with the touches merged into
   * them) for recovery, under a new {@code claim}: from now on the previous holder's writes on
   * them change nothing.
   */
  List<StuckTouch> claimExpired(Instant now, int limit, Instant leaseUntil, UUID claim) {
    return jdbc.sql(
            """
            with stuck as (
                select touch_id from touch
                where state = 'SENDING' and lease_until < :now and merged_into is null
                order by lease_until
                limit :limit
                for update skip locked
            ), followers as (
                update touch f set claim_token = :claim, lease_until = :leaseUntil, updated_at = :now
                  from stuck
                 where f.merged_into = stuck.touch_id and f.state = 'SENDING'
            )
            update touch t set lease_until = :leaseUntil, claim_token = :claim, updated_at = :now
              from stuck, buyer_order o
             where t.touch_id = stuck.touch_id and o.shop_id = t.shop_id and o.order_id = t.order_id
            returning t.touch_id, t.shop_id, t.channel, o.buyer_phone, t.body, t.attempt_started_at, t.attempt_via
            """)
        .param("now", Timestamps.toDb(now))
        .param("limit", limit)
        .param("leaseUntil", Timestamps.toDb(leaseUntil))
        .param("claim", claim)
        .query(
            (rs, n) ->
                new StuckTouch(
                    rs.getLong("touch_id"),
                    claim,
                    rs.getString("shop_id"),
                    rs.getString("channel"),
                    rs.getString("buyer_phone"),
                    rs.getString("body"),
                    Timestamps.fromDb(rs, "attempt_started_at"),
                    rs.getString("attempt_via")))
        .list();
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
