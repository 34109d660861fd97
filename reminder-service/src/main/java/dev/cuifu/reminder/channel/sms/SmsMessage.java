package dev.cuifu.reminder.channel.sms;

/**
 * One SMS (or WhatsApp message) to send.
 *
 * @param shopId the sending shop: its Twilio account sends the message
 * @param to the buyer's number, E.164; {@code whatsapp:+E164} for WhatsApp
 * @param from a sender number (E.164; {@code whatsapp:+E164} for WhatsApp) or a Twilio Messaging
 *     Service SID ({@code MG…})
 * @param body the rendered text
 */
public record SmsMessage(String shopId, String to, String from, String body) {}
