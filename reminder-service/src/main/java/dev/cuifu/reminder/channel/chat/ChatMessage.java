package dev.cuifu.reminder.channel.chat;

/**
 * One chat reminder to hand to a shop's IM bot through its webhook.
 *
 * @param deliveryId unique per delivery attempt group: the same id on a resend of the same
 *     message, so the receiver can drop duplicates (sent as {@code X-Cuifu-Delivery})
 * @param shopId the shop the message is for
 * @param orderId the unpaid order
 * @param buyerId the shop's id for the buyer, or {@code null}
 * @param chatHandle whom the bot should write to on the shop's IM (its own handle format)
 * @param text the rendered reminder text
 */
public record ChatMessage(
    String deliveryId, String shopId, String orderId, String buyerId, String chatHandle, String text) {

  /** Keeps the text and the handle (may be a phone number) out of logs. */
  @Override
  public String toString() {
    return "ChatMessage[deliveryId=" + deliveryId + ", shopId=" + shopId + ", orderId=" + orderId + "]";
  }
}
