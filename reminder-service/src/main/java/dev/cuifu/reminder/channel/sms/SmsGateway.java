package dev.cuifu.reminder.channel.sms;

import dev.cuifu.reminder.channel.SendFailure;
import java.time.Instant;
import java.util.Optional;

/**
 * Sends one message through Twilio's Messages API: an SMS, or a WhatsApp message when the
 * addresses carry the {@code whatsapp:} prefix ({@link WhatsAppAddress}). The only way the rest of
 * the service reaches either.
 */
public interface SmsGateway {

  /**
   * Hands the message to the provider (the shop's own Twilio account when it has one, else the
   * deployment's) and returns once the provider accepted it.
   *
   * @throws SmsSendException saying whether the failure is permanent, retryable, or of unknown
   *     outcome (the request may have reached the provider: never resend blindly)
   */
  SmsReceipt send(SmsMessage message);

  /**
   * This gateway for one batch of sends (a claimed batch of due touches): which account serves a
   * shop may be looked up once for the batch instead of once per message. Use it for the batch
   * only, so a shop's change of account is seen by the next one.
   */
  default SmsGateway forBatch() {
    return this;
  }

  /**
   * The provider account the shop's messages go through when it is the shop's own, so that its
   * failures (a wrong token, a suspended account) can be kept to that shop; empty when the shop
   * uses the deployment's account, shared with the other shops without one.
   */
  default Optional<String> ownAccountOf(String shopId) {
    return Optional.empty();
  }

  /**
   * The provider's current view of a message it accepted earlier (reconciliation, status polling).
   * A read: it never sends anything, so it can be repeated freely.
   *
   * @param shopId the shop that sent it: its Twilio account is the one asked
   * @param providerMessageId the id from {@link SmsReceipt#providerMessageId()} (Twilio: {@code SM…})
   * @return the same id with the provider's current status word (queued, sent, delivered,
   *     undelivered, failed…)
   * @throws SmsSendException {@link SendFailure.Kind#PERMANENT} when the provider does not know
   *     the message, {@link SendFailure.Kind#RETRYABLE} when it could not answer now
   */
  SmsReceipt fetch(String shopId, String providerMessageId);

  /**
   * Reconciliation without a provider id: whether the provider has a message with exactly this
   * body to this number, created at or after {@code notBefore} — what to ask when a send's answer
   * was lost (the process died, or {@link SendFailure.Kind#UNKNOWN_OUTCOME}). A read: it never
   * sends anything, so it can be repeated freely.
   *
   * <p>{@code notBefore} is compared at the provider's precision (whole seconds), so a message
   * created in the same second as {@code notBefore} counts. Pass the time taken just before the
   * send was attempted; a message that matches is taken to be that attempt, so bodies should tell
   * touches apart (two identical texts to one number since {@code notBefore} cannot be told apart).
   *
   * @param shopId the shop that sent it: its Twilio account is the one asked
   * @param to the number the message was sent to, E.164, exactly as sent
   * @param body the rendered text, exactly as sent
   * @param notBefore when the attempt started (recorded before calling the provider)
   * @return the provider's id and current status of the matching message (the newest, should there
   *     be several); empty when the provider has none, so sending again is safe
   * @throws SmsSendException always {@link SendFailure.Kind#RETRYABLE}, when the provider
   *     could not be asked or could not answer completely (5xx, timeout, refused connection, more
   *     messages than the lookup will page through): never take that for "not found"
   */
  Optional<SmsReceipt> findSent(String shopId, String to, String body, Instant notBefore);
}
