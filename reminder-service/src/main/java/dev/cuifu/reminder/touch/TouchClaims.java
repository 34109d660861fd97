package dev.cuifu.reminder.touch;

import dev.cuifu.reminder.timeline.Decision;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Dispatch's way into the {@code touch} table: claims due touches with {@code FOR UPDATE SKIP
 * LOCKED} under a lease, so any number of instances dispatch side by side without sending a touch
 * twice, and records their outcome, each state change and its timeline entry in one transaction.
 * Each stage's statements sit in a class of their own ({@link DueClaims}, {@link Attempts}, {@link
 * SentOutcomes}, {@link UnsentOutcomes}, {@link ExpiredLeases}); this is the one door to them.
 *
 * <p>Fenced: every claim writes a fresh {@code claim_token} (a batch's, or lease recovery's when it
 * takes a touch over), and every later write on the touch names it. A holder that outlived its
 * lease therefore changes nothing once another claim holds the touch, and since an attempt is only
 * started by a write that changed its row, it calls no provider either.
 */
@Component
public class TouchClaims {

  /** {@code attempt_via} of a chat touch sent over WhatsApp through Twilio. */
  public static final String VIA_WHATSAPP = "WHATSAPP";

  /**
   * A lead touch whose buyer's other planned touches of the channel, due before {@code dueBefore},
   * may travel in its message.
   */
  public record MergeLead(long touchId, String shopId, String buyerPhone, String channel, Instant dueBefore, Instant leaseUntil) {}

  /** A touch (claimed in the same batch) that travels in the message of {@code leadId}. */
  public record Merge(long touchId, long leadId) {}

  /**
   * The exact text one lead touch's message is about to be sent with, and the script and version it
   * came from (null, null: the default wording).
   */
  public record Attempt(long touchId, String body, Long scriptId, Integer scriptVersion) {}

  /**
   * A message the provider accepted: its lead touch and the touches merged into it, and when it was
   * handed to the provider — the touches' {@code sent_at}, which attribution compares with the
   * payment: a buyer may pay before the provider's answer is back, let alone before the batch is
   * recorded.
   */
  public record Sent(long touchId, List<Long> followers, String providerMessageId, String body, Instant handedOverAt) {}

  /**
   * A touch whose lease ran out while SENDING (its holder died, or is hopelessly late), now held by
   * recovery's {@code claim}.
   */
  public record StuckTouch(
      long touchId, UUID claim, String shopId, String channel, String buyerPhone, String body, Instant attemptStartedAt,
      String attemptVia) {}

  private final DueClaims due;
  private final Attempts attempts;
  private final SentOutcomes sent;
  private final UnsentOutcomes unsent;
  private final ExpiredLeases expired;
  private final SentMessages messages;

  TouchClaims(
      DueClaims due, Attempts attempts, SentOutcomes sent, UnsentOutcomes unsent, ExpiredLeases expired, SentMessages messages) {
    this.due = due;
    this.attempts = attempts;
    this.sent = sent;
    this.unsent = unsent;
    this.expired = expired;
    this.messages = messages;
  }

  /**
   * Marks up to {@code limit} due touches of the given channels as SENDING under {@code claim}
   * (committed before any provider call).
   */
  public List<ClaimedTouch> claimDue(Instant now, int limit, Instant leaseUntil, List<String> channels, UUID claim) {
    return due.claimDue(now, limit, leaseUntil, channels, claim);
  }

  /**
   * For each lead, takes its buyer's other planned touches of the channel that fall due before its
   * {@code dueBefore} (their orders still unpaid and payable) into its message: SENDING, merged into
   * it. One statement for a whole batch's leads; the touches by lead.
   */
  public Map<Long, List<ClaimedTouch>> claimMergeable(List<MergeLead> leads, UUID claim, Instant now) {
    return due.claimMergeable(leads, claim, now);
  }

  /**
   * Commits the exact body, when the attempt began and, when the channel does not imply it, how it
   * goes out ({@link #VIA_WHATSAPP}), right before the provider is called — so that after a crash
   * recovery can ask the provider whether this very message exists — and renews the touch's lease
   * to {@code leaseUntil} for the call. False: the touch is no longer this claim's (its lease
   * expired and recovery or another instance took it over), and the provider must not be called.
   */
  public boolean startAttempt(long touchId, UUID claim, String body, String via, Instant leaseUntil, Instant now) {
    return attempts.startAttempt(touchId, claim, body, via, leaseUntil, now);
  }

  /**
   * {@link #startAttempt} for many messages in one statement, which must commit (on its own, or
   * with the caller's transaction) before any of them is handed to the provider: each lead's row
   * written once, with its script; and {@code merges}' followers made to travel in their lead's
   * message (with its script, once the lead started). Returns the leads it started, the only ones
   * whose provider may be called.
   */
  public Set<Long> startMessages(List<Attempt> attempts, List<Merge> merges, UUID claim, Instant leaseUntil, Instant now) {
    return this.attempts.startMessages(attempts, merges, claim, leaseUntil, now);
  }

  /**
   * Records the touch (and the touches merged into it) SENT as {@code providerMessageId}, if this
   * claim still holds it; false if it does not (see {@link #recordLateAnswer}).
   */
  public boolean markSent(long touchId, UUID claim, String providerMessageId, String body, Decision decision, String reason, Instant now) {
    return sent.markSent(touchId, claim, providerMessageId, body, decision, reason, now);
  }

  /**
   * {@link #markSent} for many messages of one claim: every lead and follower SENT with its
   * provider id, and their timeline entries, in one transaction of two statements. Returns the
   * messages whose lead this claim no longer held (see {@link #recordLateAnswer}).
   */
  public List<Sent> markSentAll(List<Sent> messages, UUID claim, Instant now) {
    return sent.markSentAll(messages, claim, now);
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
  public boolean recordLateAnswer(
      long touchId, List<Long> followers, String providerMessageId, String body, Instant handedOverAt, Instant now) {
    return sent.recordLateAnswer(touchId, followers, providerMessageId, body, handedOverAt, now);
  }

  /** Ends the touch without sending: FAILED, CANCELLED, EXPIRED or SKIPPED, with the reason. */
  public void finish(long touchId, UUID claim, Decision decision, String reason, Instant now) {
    unsent.finish(touchId, claim, decision, reason, now);
  }

  /** Puts the touch back in the plan for a later attempt (a retry or a deferral). */
  public void replanAt(long touchId, UUID claim, Instant dueAt, Decision decision, String reason, Instant now) {
    unsent.replanAt(touchId, claim, dueAt, decision, reason, now);
  }

  /**
   * Leaves the touch SENDING with the reason: the provider may have it, so once its lease expires
   * recovery reconciles it with the provider (or, when the provider cannot be asked, ends it with
   * {@link #endOutcomeUnknown}) rather than sending it again.
   */
  public void markOutcomeUnknown(long touchId, UUID claim, String reason, Instant now) {
    unsent.markOutcomeUnknown(touchId, claim, reason, now);
  }

  /**
   * Ends a touch (and its followers) as OUTCOME_UNKNOWN: its attempt began, so its message may have
   * reached the buyer, and its provider cannot be asked. Never resent; it counts towards the
   * frequency cap from when the attempt began.
   */
  public void endOutcomeUnknown(long touchId, UUID claim, String reason, Instant now) {
    unsent.endOutcomeUnknown(touchId, claim, reason, now);
  }

  /**
   * Takes over up to {@code limit} expired leases (lead touches, with the touches merged into
   * them) for recovery, under a new {@code claim}: from now on the previous holder's writes on
   * them change nothing.
   */
  public List<StuckTouch> claimExpired(Instant now, int limit, Instant leaseUntil, UUID claim) {
    return expired.claimExpired(now, limit, leaseUntil, claim);
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
  public Map<String, List<Instant>> messagesSentSince(
      String shopId, Collection<String> buyerPhones, List<String> channels, Instant since, Instant now, Collection<Long> ours) {
    return messages.since(shopId, buyerPhones, channels, since, now, ours);
  }

}
