package dev.cuifu.reminder.channel.sms;

/** A webhook request Twilio did not sign: no signature, a wrong one, or an account unknown here. */
public class TwilioSignatureException extends RuntimeException {

  TwilioSignatureException(String message) {
    super(message, null, false, false);
  }
}
