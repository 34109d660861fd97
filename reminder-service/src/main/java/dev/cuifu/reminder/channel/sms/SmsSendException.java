package dev.cuifu.reminder.channel.sms;

import dev.cuifu.reminder.channel.SendFailure;

/**
 * An SMS or WhatsApp send through Twilio that did not succeed: permanent (invalid number,
 * unsubscribed…), retryable (429, 5xx) or of unknown outcome (reconcile by fetching).
 */
public final class SmsSendException extends SendFailure {

  private final Integer providerErrorCode;

  private SmsSendException(Kind kind, Integer providerErrorCode, String message, Throwable cause) {
    super(kind, message, cause);
    this.providerErrorCode = providerErrorCode;
  }

  public static SmsSendException permanent(Integer providerErrorCode, String message, Throwable cause) {
    return new SmsSendException(Kind.PERMANENT, providerErrorCode, message, cause);
  }

  public static SmsSendException retryable(Integer providerErrorCode, String message, Throwable cause) {
    return new SmsSendException(Kind.RETRYABLE, providerErrorCode, message, cause);
  }

  public static SmsSendException unknownOutcome(String message, Throwable cause) {
    return new SmsSendException(Kind.UNKNOWN_OUTCOME, null, message, cause);
  }

  /** The provider's error code (e.g. Twilio's 21211), when it gave one. */
  public Integer providerErrorCode() {
    return providerErrorCode;
  }
}
