package dev.cuifu.reminder.dispatch;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.reminder.order.OrderStatus;
import dev.cuifu.reminder.channel.sms.SmsGateway;
import dev.cuifu.reminder.channel.sms.SmsMessage;
import dev.cuifu.reminder.channel.sms.SmsReceipt;
import dev.cuifu.reminder.channel.sms.SmsSendException;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.timeline.Decision;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Sends due touches: claim a batch (committed as SENDING before any provider call), re-check each
 * touch against its order, hand it to the channel, record the outcome.
 */
@Service
public class Dispatcher {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  /**
   * Channels with a sender. Chat and phone touches are planned and visible on the timeline, and
   * wait in the plan until their channels exist (the channels issue).
   */
  static final List<String> DISPATCHED_CHANNELS = List.of(Channel.SMS.name());

  private final TouchClaims claims;
  private final ReminderText text;
  private final SmsGateway sms;
  private final DispatchProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;

  Dispatcher(
      TouchClaims claims,
      ReminderText text,
      SmsGateway sms,
      DispatchProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.claims = claims;
    this.text = text;
    this.sms = sms;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    meters.counter("cuifu.touches.sent", "channel", "SMS");
  }

  /** Sends what is due now, batch after batch, up to the sweep's bound; returns how many. */
  public int dispatchDue() {
    int handled = 0;
    for (int batch = 0; batch < properties.maxBatchesPerSweep(); batch++) {
      Instant now = clock.instant();
      List<ClaimedTouch> claimed =
          claims.claimDue(now, properties.batchSize(), now.plus(properties.lease()), DISPATCHED_CHANNELS);
      claimed.forEach(this::handle);
      handled += claimed.size();
      if (claimed.size() < properties.batchSize()) {
        break;
      }
    }
    return handled;
  }

  private void handle(ClaimedTouch touch) {
    Instant now = clock.instant();
    if (touch.orderStatus() != OrderStatus.UNPAID) {
      String reason = touch.orderStatus() == OrderStatus.PAID ? "order paid" : "order closed";
      claims.finish(touch.touchId(), Decision.CANCELLED, reason, now);
      count("cuifu.touches.cancelled", "cause", "ORDER_" + touch.orderStatus().name());
      return;
    }
    if (!now.isBefore(touch.paymentDeadline())) {
      claims.finish(touch.touchId(), Decision.EXPIRED, "payment deadline passed before sending", now);
      count("cuifu.touches.expired", "channel", touch.channel());
      return;
    }
    if (!touch.shopKnown()) {
      retryOrFail(touch, "shop " + touch.shopId() + " not known yet", now);
      return;
    }
    sendSms(touch, now);
  }

  private void sendSms(ClaimedTouch touch, Instant now) {
    String body = text.sms(touch);
    String masked = PhoneNumbers.mask(touch.buyerPhone());
    claims.startAttempt(touch.touchId(), body, now);
    try {
      SmsReceipt receipt = sms.send(new SmsMessage(touch.buyerPhone(), touch.smsFrom(), body));
      claims.markSent(touch.touchId(), receipt.providerMessageId(), body, clock.instant());
      count("cuifu.touches.sent", "channel", touch.channel());
      log.info(
          "touch {} order {}/{}: SMS to {} accepted as {}",
          touch.touchId(), touch.shopId(), touch.orderId(), masked, receipt.providerMessageId());
    } catch (SmsSendException e) {
      String reason = "SMS " + e.kind().name().toLowerCase() + ": " + e.getMessage();
      meters.counter("cuifu.touches.failed", "channel", touch.channel(), "kind", e.kind().name()).increment();
      log.warn("touch {} order {}/{}: SMS to {} not sent, {}", touch.touchId(), touch.shopId(), touch.orderId(), masked, reason);
      switch (e.kind()) {
        case PERMANENT -> claims.finish(touch.touchId(), Decision.FAILED, reason, clock.instant());
        case RETRYABLE -> retryOrFail(touch, reason, clock.instant());
        case UNKNOWN_OUTCOME -> claims.markOutcomeUnknown(touch.touchId(), reason, clock.instant());
      }
    }
  }

  private void retryOrFail(ClaimedTouch touch, String reason, Instant now) {
    Instant next = now.plus(properties.retryDelay());
    if (next.isBefore(touch.paymentDeadline())) {
      claims.replanAt(touch.touchId(), next, Decision.RETRY, reason, now);
    } else {
      claims.finish(touch.touchId(), Decision.FAILED, reason + "; no time left before the deadline", now);
    }
  }

  private void count(String name, String tag, String value) {
    meters.counter(name, tag, value).increment();
  }
}
