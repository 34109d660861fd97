package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.touch.TouchClaims;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The two writes around a batch's SMS calls: before, every attempt's exact body, start and script,
 * and the merges, in one statement (what crash reconciliation asks the provider
 * about); after, every accepted SMS recorded SENT with its merged orders.
 */
@Component
class SmsAttempts {

  private static final Logger log = LoggerFactory.getLogger(SmsAttempts.class);

  private final TouchClaims claims;
  private final MeterRegistry meters;
  private final Clock clock;

  SmsAttempts(TouchClaims claims, MeterRegistry meters, Clock clock) {
    this.claims = claims;
    this.meters = meters;
    this.clock = clock;
    meters.counter("cuifu.touches.sent", "channel", Channel.SMS.name());
  }

  /** Starts the attempts, renewing their leases to {@code leaseUntil}; returns the touches still ours. */
  Set<Long> start(SmsRound round, List<SmsRound.Prepared> prepared, Instant leaseUntil, Instant started) {
    // one statement, committed on its own before any call
    return claims.startMessages(
        prepared.stream()
            .map(p -> new TouchClaims.Attempt(
                p.sender().touchId(), p.text().body(), p.text().rendered().scriptId(), p.text().rendered().version()))
            .toList(),
        prepared.stream()
            .flatMap(p -> p.followers().stream().map(f -> new TouchClaims.Merge(f.touchId(), p.sender().touchId())))
            .toList(),
        round.claim(), leaseUntil, started);
  }

  /** Records every SMS the provider accepted, counted as {@code cuifu.touches.sent} per order. */
  void recordSent(SmsRound round) {
    List<TouchClaims.Sent> sent = List.copyOf(round.sent());
    if (sent.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    List<TouchClaims.Sent> late = claims.markSentAll(sent, round.claim(), now);
    late.forEach(message -> recordLateAnswer(message, now));
    meters.counter("cuifu.touches.sent", "channel", Channel.SMS.name())
        .increment(sent.stream().filter(s -> !late.contains(s)).mapToInt(s -> 1 + s.followers().size()).sum());
  }

  /** An accepted SMS whose touch another claim took over meanwhile: its SID is kept, not lost. */
  private void recordLateAnswer(TouchClaims.Sent message, Instant now) {
    boolean recorded =
        claims.recordLateAnswer(
            message.touchId(), message.followers(), message.providerMessageId(), message.body(), message.handedOverAt(), now);
    log.warn(
        "touch {}: the provider accepted {} after the touch's claim was taken over; {}",
        message.touchId(), message.providerMessageId(), recorded ? "recorded as sent" : "the touch had already been settled");
  }
}
