package dev.cuifu.reminder.channel.sms;

/** Sends one SMS through the provider. The only way the rest of the service reaches SMS. */
public interface SmsGateway {

  /**
   * Hands the message to the provider and returns once the provider accepted it.
   *
   * @throws SmsSendException saying whether the failure is permanent, retryable, or of unknown
   *     outcome (the request may have reached the provider: never resend blindly)
   */
  SmsReceipt send(SmsMessage message);

  /**
   * The provider's current view of a message it accepted earlier (reconciliation, status polling).
   * A read: it never sends anything, so it can be repeated freely.
   *
   * @param providerMessageId the id from {@link SmsReceipt#providerMessageId()} (Twilio: {@code SM…})
   * @return the same id with the provider's current status word (queued, sent, delivered,
   *     undelivered, failed…)
   * @throws SmsSendException {@link SmsSendException.Kind#PERMANENT} when the provider does not know
   *     the message, {@link SmsSendException.Kind#RETRYABLE} when it could not answer now
   */
  SmsReceipt fetch(String providerMessageId);
}
