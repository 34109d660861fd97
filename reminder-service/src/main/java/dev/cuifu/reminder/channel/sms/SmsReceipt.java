package dev.cuifu.reminder.channel.sms;

/**
 * The provider's answer to an accepted message.
 *
 * @param providerMessageId the provider's id (Twilio message SID, {@code SM…})
 * @param status the provider's status word (queued, sent, …)
 */
public record SmsReceipt(String providerMessageId, String status) {}
