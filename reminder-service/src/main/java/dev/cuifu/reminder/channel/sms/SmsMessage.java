package dev.cuifu.reminder.channel.sms;

/**
 * One SMS to send.
 *
 * @param to the buyer's number, E.164
 * @param from a sender number (E.164) or a Twilio Messaging Service SID ({@code MG…})
 * @param body the rendered text
 */
public record SmsMessage(String to, String from, String body) {}
