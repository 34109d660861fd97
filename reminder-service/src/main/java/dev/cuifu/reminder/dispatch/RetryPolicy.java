package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.channel.SendFailure;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.timeline.Decision;
import dev.cuifu.reminder.touch.ClaimedTouch;
import dev.cuifu.reminder.touch.TouchClaims;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * One rule for every channel's failures: a permanent one fails the touch, a retryable one plans it
 * again {@code retry-delay} later (or fails it when that is past its payment deadline), and one of
 * unknown outcome is left for reconciliation, never resent blindly.
 */
@Component
class RetryPolicy {

  private final TouchClaims claims;
  private final DispatchProperties properties;
  private final MeterRegistry meters;
  private final Clock clock;

  RetryPolicy(TouchClaims claims, DispatchProperties properties, MeterRegistry meters, Clock clock) {
    this.claims = claims;
    this.properties = properties;
    this.meters = meters;
    this.clock = clock;
  }

  /**
   * Settles a failed provider call by its kind, counted as {@code cuifu.touches.failed}; returns
   * the reason recorded ({@code label} and kind, e.g. "SMS retryable: …").
   */
  String failed(ClaimedTouch touch, Channel channel, String label, SendFailure failure) {
    String reason = label + " " + failure.kind().name().toLowerCase(Locale.ROOT) + ": " + failure.getMessage();
    meters.counter("cuifu.touches.failed", "channel", channel.name(), "kind", failure.kind().name()).increment();
    Instant now = clock.instant();
    switch (failure.kind()) {
      case PERMANENT -> claims.finish(touch.touchId(), touch.claim(), Decision.FAILED, reason, now);
      case RETRYABLE -> retryOrFail(touch, reason, now);
      case UNKNOWN_OUTCOME -> claims.markOutcomeUnknown(touch.touchId(), touch.claim(), reason, now);
    }
    return reason;
  }

  /** Another attempt a retry delay later, while that is before the payment deadline. */
  void retryOrFail(ClaimedTouch touch, String reason, Instant now) {
    Instant next = now.plus(properties.retryDelay());
    if (next.isBefore(touch.paymentDeadline())) {
      claims.replanAt(touch.touchId(), touch.claim(), next, Decision.RETRY, reason, now);
    } else {
      claims.finish(touch.touchId(), touch.claim(), Decision.FAILED, reason + "; no time left before the deadline", now);
    }
  }
}
