package dev.cuifu.reminder.dispatch;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.reminder.channel.SendFailure;
import dev.cuifu.reminder.channel.chat.ChatGateway;
import dev.cuifu.reminder.channel.chat.ChatMessage;
import dev.cuifu.reminder.channel.chat.ChatSecrets;
import dev.cuifu.reminder.channel.chat.ChatSendException;
import dev.cuifu.reminder.channel.sms.SmsGateway;
import dev.cuifu.reminder.channel.sms.SmsMessage;
import dev.cuifu.reminder.channel.sms.SmsReceipt;
import dev.cuifu.reminder.channel.sms.SmsSendException;
import dev.cuifu.reminder.channel.sms.WhatsAppAddress;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.reminder.timeline.Decision;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A due chat touch goes out the way the shop's policy says ({@code chat.transport}): to the shop's
 * IM webhook, signed with the shop's secret — the delivery id is the touch's, so the receiver can
 * recognise a repeat; a delivery whose answer never came is not repeated, though: once its lease
 * expires recovery ends it OUTCOME_UNKNOWN — or over WhatsApp through Twilio, to the buyer's
 * number, with the SMS path's rules: the same provider guard, error classes and crash safety (the
 * attempt is marked {@link TouchClaims#VIA_WHATSAPP}, so recovery asks Twilio instead of resending).
 *
 * <p>A chat touch is sent on its own, possibly long after its batch was claimed (behind slow
 * deliveries to other buyers): its start-of-attempt write renews its lease right before the call
 * and is fenced by the claim, so a touch whose lease ran out meanwhile is left to whoever took it
 * over, and the renewed lease outlasts the call (the webhook's timeouts are far shorter).
 */
@Component
class ChatDispatch {

  private static final Logger log = LoggerFactory.getLogger(ChatDispatch.class);

  private final ChatGateway gateway;
  private final SmsGateway twilio;
  private final ChatSecrets secrets;
  private final ReminderText text;
  private final TouchClaims claims;
  private final ProviderGuard guard;
  private final DispatchProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;

  ChatDispatch(
      ChatGateway gateway,
      SmsGateway twilio,
      ChatSecrets secrets,
      ReminderText text,
      TouchClaims claims,
      ProviderGuard guard,
      DispatchProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.gateway = gateway;
    this.twilio = twilio;
    this.secrets = secrets;
    this.text = text;
    this.claims = claims;
    this.guard = guard;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    meters.counter("cuifu.touches.sent", "channel", "CHAT");
  }

  static String deliveryId(long touchId) {
    return "touch-" + touchId;
  }

  /** Sends one touch; a failure is handed back to the dispatcher's retry rules. */
  void send(ClaimedTouch touch, ShopPolicy policy, Instant now, Dispatcher.RetryRule retry) {
    if (policy.chat().transport() == ShopPolicy.ChatTransport.WHATSAPP) {
      sendWhatsApp(touch, policy.chat().whatsappFrom(), now, retry);
      return;
    }
    if (policy.chat().webhookUrl() == null) {
      claims.finish(touch.touchId(), touch.claim(), Decision.SKIPPED, "the shop has no chat webhook configured", now);
      return;
    }
    if (touch.chatHandle() == null || touch.chatHandle().isBlank()) {
      claims.finish(touch.touchId(), touch.claim(), Decision.SKIPPED, "the order names no chat handle for the buyer", now);
      return;
    }
    String body = text.chat(touch);
    ProviderGuard.Permit permit = guard.tryAcquire(ProviderGuard.CHAT_WEBHOOK, new ProviderGuard.Caller(touch.shopId(), null), touch.shopId());
    if (!permit.granted()) {
      waitFor(touch, permit, now);
      return;
    }
    if (!startAttempt(touch, body, null, permit)) {
      return;
    }
    ChatMessage message =
        new ChatMessage(deliveryId(touch.touchId()), touch.shopId(), touch.orderId(), touch.buyerId(), touch.chatHandle(), body);
    try {
      String secret = secrets.secretFor(touch.shopId());
      Instant handedOver = clock.instant();
      permit.call(() -> gateway.send(policy.chat().webhookUrl(), secret, message));
      sent(touch, handedOver, message.deliveryId(), body, "delivered to the shop's chat webhook");
    } catch (ChatSendException e) {
      failed(touch, e.kind(), "chat " + e.kind().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage(), retry);
    }
  }

  /** WhatsApp through Twilio: the buyer's number as {@code whatsapp:+…}, rate-limited per sender. */
  private void sendWhatsApp(ClaimedTouch touch, String from, Instant now, Dispatcher.RetryRule retry) {
    if (from == null) {
      claims.finish(touch.touchId(), touch.claim(), Decision.SKIPPED, "the shop has no WhatsApp sender configured", now);
      return;
    }
    if (!PhoneNumbers.isValid(touch.buyerPhone())) {
      claims.finish(touch.touchId(), touch.claim(), Decision.SKIPPED, "the order names no valid phone number for WhatsApp", now);
      return;
    }
    String body = text.chat(touch);
    ProviderGuard.Caller caller = new ProviderGuard.Caller(touch.shopId(), twilio.ownAccountOf(touch.shopId()).orElse(null));
    ProviderGuard.Permit permit = guard.tryAcquire(ProviderGuard.TWILIO, caller, from);
    if (!permit.granted()) {
      waitFor(touch, permit, now);
      return;
    }
    if (!startAttempt(touch, body, TouchClaims.VIA_WHATSAPP, permit)) {
      return;
    }
    try {
      Instant handedOver = clock.instant();
      SmsReceipt receipt =
          permit.call(() -> twilio.send(new SmsMessage(touch.shopId(), WhatsAppAddress.of(touch.buyerPhone()), from, body)));
      sent(touch, handedOver, receipt.providerMessageId(), body, "accepted by Twilio for WhatsApp as " + receipt.providerMessageId());
    } catch (SmsSendException e) {
      failed(touch, e.kind(), "WhatsApp " + e.kind().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage(), retry);
    }
  }

  /**
   * The fenced start of the attempt, renewing the touch's lease for the call; false (and no call)
   * when the touch's lease ran out before and another claim holds it now.
   */
  private boolean startAttempt(ClaimedTouch touch, String body, String via, ProviderGuard.Permit permit) {
    Instant now = clock.instant();
    if (claims.startAttempt(touch.touchId(), touch.claim(), body, via, now.plus(properties.lease()), now)) {
      return true;
    }
    permit.release();
    log.info("touch {} order {}/{}: chat not sent by this batch, its claim was taken over", touch.touchId(), touch.shopId(), touch.orderId());
    return false;
  }

  /** The provider may not be called now: the touch waits, never fails. */
  private void waitFor(ClaimedTouch touch, ProviderGuard.Permit permit, Instant now) {
    claims.replanAt(touch.touchId(), touch.claim(), now.plus(permit.retryAfter()), Decision.DEFERRED, permit.refusal(), now);
    meters.counter("cuifu.touches.decisions", "decision", Decision.DEFERRED.name()).increment();
  }

  private void sent(ClaimedTouch touch, Instant handedOver, String providerMessageId, String body, String reason) {
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
    meters.counter("cuifu.touches.sent", "channel", "CHAT").increment();
  }

  /** Both transports classify failures alike ({@link SendFailure.Kind}). */
  private void failed(ClaimedTouch touch, SendFailure.Kind kind, String reason, Dispatcher.RetryRule retry) {
    meters.counter("cuifu.touches.failed", "channel", "CHAT", "kind", kind.name()).increment();
    switch (kind) {
      case PERMANENT -> claims.finish(touch.touchId(), touch.claim(), Decision.FAILED, reason, clock.instant());
      case RETRYABLE -> retry.retryOrFail(touch, reason, clock.instant());
      case UNKNOWN_OUTCOME -> claims.markOutcomeUnknown(touch.touchId(), touch.claim(), reason, clock.instant());
    }
  }
}
