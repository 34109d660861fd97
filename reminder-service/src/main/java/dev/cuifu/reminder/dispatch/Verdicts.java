package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.timeline.Decision;
import dev.cuifu.reminder.touch.ClaimedTouch;
import dev.cuifu.reminder.touch.TouchClaims;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Records what was decided about a touch that does not go out now: its new state, its timeline
 * entry with the reason, and the {@code cuifu.touches.decisions} (or {@code cuifu.touches.cancelled})
 * counter. Every write names the touch's claim, so a batch that outlived its lease writes nothing.
 */
@Component
class Verdicts {

  private final TouchClaims claims;
  private final RetryPolicy retry;
  private final MeterRegistry meters;

  Verdicts(TouchClaims claims, RetryPolicy retry, MeterRegistry meters) {
    this.claims = claims;
    this.retry = retry;
    this.meters = meters;
    for (Decision decision : List.of(Decision.DEFERRED, Decision.SKIPPED, Decision.MERGED, Decision.EXPIRED)) {
      meters.counter("cuifu.touches.decisions", "decision", decision.name());
    }
  }

  /** Settles a touch whose verdict is not {@link Verdict.Send}. */
  void record(ClaimedTouch touch, Verdict verdict, Instant now) {
    if (verdict instanceof Verdict.Defer defer) {
      defer(touch, defer.at(), defer.reason(), now);
    } else if (verdict instanceof Verdict.Skip skip) {
      end(touch, Decision.SKIPPED, skip.reason(), now);
    } else if (verdict instanceof Verdict.Expire expire) {
      end(touch, Decision.EXPIRED, expire.reason(), now);
    } else if (verdict instanceof Verdict.Cancel cancel) {
      claims.finish(touch.touchId(), touch.claim(), Decision.CANCELLED, cancel.cause().reason(null), now);
      meters.counter("cuifu.touches.cancelled", "cause", cancel.cause().name()).increment();
    } else if (verdict instanceof Verdict.Retry again) {
      retry.retryOrFail(touch, again.reason(), now);
    } else {
      throw new IllegalArgumentException("a touch to send is the sender's, not recorded here: " + touch.touchId());
    }
  }

  /** Planned again for {@code to}; never fails (a wait for quiet hours, the cap or the provider). */
  void defer(ClaimedTouch touch, Instant to, String reason, Instant now) {
    claims.replanAt(touch.touchId(), touch.claim(), to, Decision.DEFERRED, reason, now);
    meters.counter("cuifu.touches.decisions", "decision", Decision.DEFERRED.name()).increment();
  }

  /** Orders that travelled in another order's message. */
  void merged(int orders) {
    meters.counter("cuifu.touches.decisions", "decision", Decision.MERGED.name()).increment(orders);
  }

  private void end(ClaimedTouch touch, Decision decision, String reason, Instant now) {
    claims.finish(touch.touchId(), touch.claim(), decision, reason, now);
    meters.counter("cuifu.touches.decisions", "decision", decision.name()).increment();
  }
}
