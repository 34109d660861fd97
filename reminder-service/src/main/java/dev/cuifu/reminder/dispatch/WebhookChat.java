package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.channel.chat.ChatGateway;
import dev.cuifu.reminder.channel.chat.ChatMessage;
import dev.cuifu.reminder.channel.chat.ChatSecrets;
import dev.cuifu.reminder.channel.chat.ChatSendException;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.reminder.touch.ClaimedTouch;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * A chat touch to the shop's IM webhook, signed with the shop's secret. The delivery id is the
 * touch's, so the receiver can recognise a repeat; a delivery whose answer never came is not
 * repeated, though: once its lease expires recovery ends it OUTCOME_UNKNOWN.
 */
@Component
class WebhookChat {

  private final ChatGateway gateway;
  private final ChatSecrets secrets;
  private final ReminderText text;
  private final ProviderGuard guard;
  private final ChatAttempts attempts;
  private final Clock clock;

  WebhookChat(ChatGateway gateway, ChatSecrets secrets, ReminderText text, ProviderGuard guard, ChatAttempts attempts, Clock clock) {
    this.gateway = gateway;
    this.secrets = secrets;
    this.text = text;
    this.guard = guard;
    this.attempts = attempts;
    this.clock = clock;
  }

  static String deliveryId(long touchId) {
    return "touch-" + touchId;
  }

  void send(ClaimedTouch touch, ShopPolicy policy, Instant now) {
    if (policy.chat().webhookUrl() == null) {
      attempts.skip(touch, "the shop has no chat webhook configured", now);
      return;
    }
    if (touch.chatHandle() == null || touch.chatHandle().isBlank()) {
      attempts.skip(touch, "the order names no chat handle for the buyer", now);
      return;
    }
    String body = text.chat(touch);
    ProviderGuard.Permit permit = guard.tryAcquire(ProviderGuard.CHAT_WEBHOOK, new ProviderGuard.Caller(touch.shopId(), null), touch.shopId());
    if (!permit.granted()) {
      attempts.waitFor(touch, permit, now);
      return;
    }
    if (!attempts.start(touch, body, null, permit)) {
      return;
    }
    ChatMessage message =
        new ChatMessage(deliveryId(touch.touchId()), touch.shopId(), touch.orderId(), touch.buyerId(), touch.chatHandle(), body);
    try {
      String secret = secrets.secretFor(touch.shopId());
      Instant handedOver = clock.instant();
      permit.call(() -> gateway.send(policy.chat().webhookUrl(), secret, message));
      attempts.sent(touch, handedOver, message.deliveryId(), body, "delivered to the shop's chat webhook");
    } catch (ChatSendException e) {
      attempts.failed(touch, "chat", e);
    }
  }
}
