package dev.cuifu.reminder.channel.sms;

/** Twilio could not be asked whether the shop's own account holds a sender; nothing was stored. */
public class SenderCheckUnavailableException extends RuntimeException {

  SenderCheckUnavailableException(String message) {
    super(message, null, false, false);
  }
}
