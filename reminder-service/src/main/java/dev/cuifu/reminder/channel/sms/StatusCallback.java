package dev.cuifu.reminder.channel.sms;

/**
 * One signed Twilio status callback, as queued for its batch.
 *
 * @param accountSid the Twilio account that signed it: only touches of shops sending through it change
 * @param messageSid Twilio's {@code MessageSid}, stripped
 * @param status Twilio's {@code MessageStatus}, a {@link DeliveryStatus#known known} word in lower case
 * @param errorCode Twilio's {@code ErrorCode}, null when none
 * @param to Twilio's {@code To}, may be null
 * @param lane whose callbacks these are as far as fairness goes: the account and the sender ({@code
 *     MessagingServiceSid}, else {@code From}) the message went out from
 */
record StatusCallback(String accountSid, String messageSid, String status, Integer errorCode, String to, String lane) {}
