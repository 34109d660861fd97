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
}
