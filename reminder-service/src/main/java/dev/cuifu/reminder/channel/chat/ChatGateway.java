package dev.cuifu.reminder.channel.chat;

import java.net.URI;

/** Delivers one chat reminder to a shop's IM bot. The only way the rest of the service reaches chat. */
public interface ChatGateway {

  /**
   * Posts the message to the shop's webhook, signed with the shop's secret (see {@link
   * WebhookSignature}), and returns once the receiver answered 2xx. Never retries by itself.
   *
   * @param webhookUrl the shop's receiver, absolute http(s)
   * @param secret the shop's signing secret ({@link ChatSecrets#secretFor})
   * @throws ChatSendException saying whether the failure is permanent, retryable, or of unknown
   *     outcome (the receiver may have got it: resend only with the same delivery id)
   */
  ChatReceipt send(URI webhookUrl, String secret, ChatMessage message);
}
