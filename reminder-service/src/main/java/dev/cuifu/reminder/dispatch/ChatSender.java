package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.reminder.touch.ClaimedTouch;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A due chat touch goes out the way the shop's policy says ({@code chat.transport}): to the shop's
 * IM webhook ({@link WebhookChat}) or over WhatsApp through Twilio ({@link WhatsAppChat}), each
 * touch once its order is found in stock.
 *
 * <p>A chat touch is sent on its own, in its buyer's turn, possibly long after its batch was
 * claimed (behind slow deliveries to other buyers): its start-of-attempt write renews its lease
 * right before the call and is fenced by the claim ({@link ChatAttempts}), so a touch whose lease
 * ran out meanwhile is left to whoever took it over, and the renewed lease outlasts the call.
 */
@Component
class ChatSender implements ChannelSender {

  private final WebhookChat webhook;
  private final WhatsAppChat whatsApp;
  private final StockGate stock;

  ChatSender(WebhookChat webhook, WhatsAppChat whatsApp, StockGate stock) {
    this.webhook = webhook;
    this.whatsApp = whatsApp;
    this.stock = stock;
  }

  @Override
  public Channel channel() {
    return Channel.CHAT;
  }

  @Override
  public Round open(UUID claim) {
    return this::send;
  }

  private void send(List<ClaimedTouch> touches, ShopPolicy policy, Instant now) {
    for (ClaimedTouch touch : touches) {
      if (!stock.inStock(touch, policy, now)) {
        continue;
      }
      if (policy.chat().transport() == ShopPolicy.ChatTransport.WHATSAPP) {
        whatsApp.send(touch, policy.chat().whatsappFrom(), now);
      } else {
        webhook.send(touch, policy, now);
      }
    }
  }
}
