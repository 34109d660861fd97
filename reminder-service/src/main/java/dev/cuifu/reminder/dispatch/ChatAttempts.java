package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.channel.SendFailure;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.timeline.Decision;
import dev.cuifu.reminder.touch.ClaimedTouch;
import dev.cuifu.reminder.touch.TouchClaims;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** What both chat transports write about a touch: its skip, its wait, its attempt, its outcome. */
@Component
class ChatAttempts {

  private static final Logger log = LoggerFactory.getLogger(ChatAttempts.class);

  private final TouchClaims claims;
  private final Verdicts verdicts;
  private final RetryPolicy retry;
  private final DispatchProperties properties;
  private final MeterRegistry meters;
  private final Clock clock;

  ChatAttempts(
      TouchClaims claims, Verdicts verdicts, RetryPolicy retry, DispatchProperties properties, MeterRegistry meters,
      Clock clock) {
    this.claims = claims;
    this.verdicts = verdicts;
    this.retry = retry;
    this.properties = properties;
    this.meters = meters;
    this.clock = clock;
    meters.counter("cuifu.touches.sent", "channel", Channel.CHAT.name());
  }

  /** The shop's chat set-up cannot reach the buyer. */
  void skip(ClaimedTouch touch, String reason, Instant now) {
    claims.finish(touch.touchId(), touch.claim(), Decision.SKIPPED, reason, now);
  }

  /** The provider may not be called now: the touch waits, never fails. */
  void waitFor(ClaimedTouch touch, ProviderGuard.Permit permit, Instant now) {
    verdicts.defer(touch, now.plus(permit.retryAfter()), permit.refusal(), now);
  }

  /**
   * The fenced start of the attempt, renewing the touch's lease for the call; false (and no call,
   * the permit released) when the touch's lease ran out before and another claim holds it now.
   */
  boolean start(ClaimedTouch touch, String body, String via, ProviderGuard.Permit permit) {
    Instant now = clock.instant();
    if (claims.startAttempt(touch.touchId(), touch.claim(), body, via, now.plus(properties.lease()), now)) {
      return true;
    }
    permit.release();
    log.info("touch {} order {}/{}: chat not sent by this batch, its claim was taken over", touch.touchId(), touch.shopId(), touch.orderId());
    return false;
  }

  void sent(ClaimedTouch touch, Instant handedOver, String providerMessageId, String body, String reason) {
    Instant now = clock.instant();
    if (!claims.markSent(touch.touchId(), touch.claim(), providerMessageId, body, Decision.SENT, reason, now)) {
      // the call outlasted the touch's lease and another claim took it over: the message exists
      boolean recorded = claims.recordLateAnswer(touch.touchId(), List.of(), providerMessageId, body, handedOver, now);
      log.warn(
          "touch {}: chat {} delivered after the touch's claim was taken over; {}",
          touch.touchId(), providerMessageId, recorded ? "recorded as sent" : "the touch had already been settled");
      if (!recorded) {
        return;
      }
    }
    meters.counter("cuifu.touches.sent", "channel", Channel.CHAT.name()).increment();
  }

  /** Both transports classify failures alike; {@code label} names the transport in the reason. */
  void failed(ClaimedTouch touch, String label, SendFailure failure) {
    retry.failed(touch, Channel.CHAT, label, failure);
  }
}
