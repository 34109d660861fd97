package dev.cuifu.reminder.channel.sms;

/** A send that did not succeed, classified by what the caller may do next. */
public final class SmsSendException extends RuntimeException {

  /** What the failure means for the touch. */
  public enum Kind {
    /** The provider refused for good (invalid number, unsubscribed…): do not retry. */
    PERMANENT,
    /** The provider refused this time (429, 5xx): the same message may be retried later. */
    RETRYABLE,
    /** The request may have reached the provider: reconcile by fetching, never resend blindly. */
    UNKNOWN_OUTCOME
  }

  private final Kind kind;
  private final Integer providerErrorCode;

  private SmsSendException(Kind kind, Integer providerErrorCode, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
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

  public Kind kind() {
    return kind;
  }

  /** The provider's error code (e.g. Twilio's 21211), when it gave one. */
  public Integer providerErrorCode() {
    return providerErrorCode;
  }
}
