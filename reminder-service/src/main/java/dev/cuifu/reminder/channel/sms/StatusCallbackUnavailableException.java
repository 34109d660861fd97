package dev.cuifu.reminder.channel.sms;

/**
 * A status callback that could not be applied now (the queue is full, its batch did not commit in
 * time, or failed): answered 503 so that Twilio posts it again. Nothing of it was acknowledged.
 */
public class StatusCallbackUnavailableException extends RuntimeException {

  StatusCallbackUnavailableException(String message) {
    super(message);
  }
}
