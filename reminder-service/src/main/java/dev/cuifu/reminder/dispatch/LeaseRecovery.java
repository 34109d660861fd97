package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.channel.sms.SmsGateway;
import dev.cuifu.reminder.channel.sms.SmsReceipt;
import dev.cuifu.reminder.channel.sms.SmsSendException;
import dev.cuifu.reminder.channel.sms.WhatsAppAddress;
import dev.cuifu.reminder.timeline.Decision;
import dev.cuifu.reminder.touch.TouchClaims;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Settles touches whose lease expired while SENDING — a dispatcher died, the provider's answer
 * never came, or a batch was slower than its lease — without a double send and without a silent
 * drop. Recovery first takes each touch over under a claim of its own, which fences the previous
 * holder out: from then on that holder can neither start an attempt nor record anything on the
 * touch. Then: never called the provider → planned again; called it → ask the provider (Twilio,
 * for SMS and WhatsApp) whether that exact message exists (found: sent, with its SID; not found:
 * planned again); could not ask → try again at the next sweep; a webhook chat delivery that began
 * and whose answer never came → OUTCOME_UNKNOWN (the receiver cannot be asked, and it may have the
 * message): never resent.
 */
@Service
public class LeaseRecovery {

  private static final Logger log = LoggerFactory.getLogger(LeaseRecovery.class);

  private final TouchClaims claims;
  private final SmsGateway sms;
  private final DispatchProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;

  LeaseRecovery(TouchClaims claims, SmsGateway sms, DispatchProperties properties, Clock clock, MeterRegistry meters) {
    this.claims = claims;
    this.sms = sms;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    for (String outcome : List.of("resent", "reconciled", "unresolved", "unknown")) {
      meters.counter("cuifu.touches.recovered", "outcome", outcome);
    }
  }

  /** Settles what it can of the expired leases; returns how many touches it settled. */
  public int recoverExpiredLeases() {
    Instant now = clock.instant();
    List<TouchClaims.StuckTouch> stuck =
        claims.claimExpired(now, properties.batchSize(), now.plus(properties.lease()), UUID.randomUUID());
    int settled = 0;
    for (TouchClaims.StuckTouch touch : stuck) {
      settled += settle(touch, now) ? 1 : 0;
    }
    return settled;
  }

  private boolean settle(TouchClaims.StuckTouch touch, Instant now) {
    boolean whatsApp = TouchClaims.VIA_WHATSAPP.equals(touch.attemptVia());
    if ("PHONE".equals(touch.channel())) {
      // phone tasks are enqueued idempotently per touch: doing it again cannot double up
      claims.replanAt(
          touch.touchId(), touch.claim(), now, Decision.RECOVERED, "lease expired: phone task queued again (idempotent by touch id)", now);
      meters.counter("cuifu.touches.recovered", "outcome", "resent").increment();
      return true;
    }
    if (touch.attemptStartedAt() == null || touch.body() == null) {
      claims.replanAt(
          touch.touchId(), touch.claim(), now, Decision.RECOVERED, "lease expired before the provider was called: planned again", now);
      meters.counter("cuifu.touches.recovered", "outcome", "resent").increment();
      return true;
    }
    if (!"SMS".equals(touch.channel()) && !whatsApp) {
      // a webhook delivery that began: the receiver may have it, and cannot be asked
      claims.endOutcomeUnknown(
          touch.touchId(), touch.claim(),
          "lease expired after the chat webhook was called and before its answer was recorded: may have been delivered, not resent",
          now);
      meters.counter("cuifu.touches.recovered", "outcome", "unknown").increment();
      return true;
    }
    Optional<SmsReceipt> found;
    try {
      // a WhatsApp message is looked up like an SMS, to the whatsapp: address it was sent to
      String to = whatsApp ? WhatsAppAddress.of(touch.buyerPhone()) : touch.buyerPhone();
      found = sms.findSent(touch.shopId(), to, touch.body(), touch.attemptStartedAt());
    } catch (SmsSendException e) {
      meters.counter("cuifu.touches.recovered", "outcome", "unresolved").increment();
      log.warn("touch {}: cannot ask the provider yet ({}); will try again", touch.touchId(), e.getMessage());
      return false;
    }
    if (found.isPresent()) {
      claims.markSent(
          touch.touchId(),
          touch.claim(),
          found.get().providerMessageId(),
          touch.body(),
          Decision.RECONCILED,
          "lease expired after the provider call; the provider has it as " + found.get().providerMessageId() + ": not resent",
          now);
      meters.counter("cuifu.touches.recovered", "outcome", "reconciled").increment();
    } else {
      claims.replanAt(
          touch.touchId(), touch.claim(), now, Decision.RECOVERED, "lease expired and the provider has no such message: planned again",
          now);
      meters.counter("cuifu.touches.recovered", "outcome", "resent").increment();
    }
    log.info("touch {}: recovered after an expired lease ({})", touch.touchId(), found.isPresent() ? "reconciled" : "planned again");
    return true;
  }
}
