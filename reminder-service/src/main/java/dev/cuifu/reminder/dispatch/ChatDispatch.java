package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.channel.chat.ChatGateway;
import dev.cuifu.reminder.channel.chat.ChatMessage;
import dev.cuifu.reminder.channel.chat.ChatSecrets;
import dev.cuifu.reminder.channel.chat.ChatSendException;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.reminder.timeline.Decision;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * A due chat touch goes to the shop's IM webhook, signed with the shop's secret. The delivery id
 * is the touch's, so a resend after an unknown outcome is recognisable to the receiver.
 */
@Component
class ChatDispatch {

  private final ChatGateway gateway;
  private final ChatSecrets secrets;
  private final ReminderText text;
  private final TouchClaims claims;
  private final ProviderGuard guard;
  private final Clock clock;
  private final MeterRegistry meters;

  ChatDispatch(
      ChatGateway gateway,
      ChatSecrets secrets,
      ReminderText text,
      TouchClaims claims,
      ProviderGuard guard,
      Clock clock,
      MeterRegistry meters) {
    this.gateway = gateway;
    this.secrets = secrets;
    this.text = text;
    this.claims = claims;
    this.guard = guard;
    this.clock = clock;
    this.meters = meters;
    meters.counter("cuifu.touches.sent", "channel", "CHAT");
  }

  static String deliveryId(long touchId) {
    return "touch-" + touchId;
  }

  /** Sends one touch; a failure is handed back to the dispatcher's retry rules. */
  void send(ClaimedTouch touch, ShopPolicy policy, Instant now, Dispatcher.RetryRule retry) {
    if (policy.chat().webhookUrl() == null) {
      claims.finish(touch.touchId(), Decision.SKIPPED, "the shop has no chat webhook configured", now);
      return;
    }
    if (touch.chatHandle() == null || touch.chatHandle().isBlank()) {
      claims.finish(touch.touchId(), Decision.SKIPPED, "the order names no chat handle for the buyer", now);
      return;
    }
    String body = text.chat(touch);
    ProviderGuard.Permit permit = guard.tryAcquire(ProviderGuard.CHAT_WEBHOOK, touch.shopId());
    if (!permit.granted()) {
      // the webhook may not be called now: wait, never fail
      claims.replanAt(touch.touchId(), now.plus(permit.retryAfter()), Decision.DEFERRED, permit.refusal(), now);
      meters.counter("cuifu.touches.decisions", "decision", Decision.DEFERRED.name()).increment();
      return;
    }
    claims.startAttempt(touch.touchId(), body, now);
    ChatMessage message =
        new ChatMessage(deliveryId(touch.touchId()), touch.shopId(), touch.orderId(), touch.buyerId(), touch.chatHandle(), body);
    try {
      String secret = secrets.secretFor(touch.shopId());
      permit.call(() -> gateway.send(policy.chat().webhookUrl(), secret, message));
      claims.markSent(
          touch.touchId(), message.deliveryId(), body, Decision.SENT, "delivered to the shop's chat webhook", clock.instant());
      meters.counter("cuifu.touches.sent", "channel", "CHAT").increment();
    } catch (ChatSendException e) {
      String reason = "chat " + e.kind().name().toLowerCase() + ": " + e.getMessage();
      meters.counter("cuifu.touches.failed", "channel", "CHAT", "kind", e.kind().name()).increment();
      switch (e.kind()) {
        case PERMANENT -> claims.finish(touch.touchId(), Decision.FAILED, reason, clock.instant());
        case RETRYABLE -> retry.retryOrFail(touch, reason, clock.instant());
        case UNKNOWN_OUTCOME -> claims.markOutcomeUnknown(touch.touchId(), reason, clock.instant());
      }
    }
  }
}
