package dev.cuifu.reminder.channel.chat;

/**
 * The receiver's answer to an accepted delivery.
 *
 * @param httpStatus the 2xx status the shop's webhook answered
 */
public record ChatReceipt(int httpStatus) {}
