package dev.cuifu.reminder.channel.chat;

/** A webhook delivery that did not succeed, classified by what the caller may do next. */
public final class ChatSendException extends RuntimeException {

  /** What the failure means for the touch. */
  public enum Kind {
    /** The receiver refused for good (400, 404, other 4xx, bad URL): do not retry. */
    PERMANENT,
    /** The receiver did not take it this time (408, 429, 5xx, connection refused): retry later. */
    RETRYABLE,
    /**
     * The request may have reached the receiver (read timeout, reset after sending): it may have
     * posted the message. Resend only with the same {@code X-Cuifu-Delivery} id, so a receiver that
     * dedupes drops the copy.
     */
    UNKNOWN_OUTCOME
  }

  private final Kind kind;
  private final Integer httpStatus;

  private ChatSendException(Kind kind, Integer httpStatus, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.httpStatus = httpStatus;
  }

  public static ChatSendException permanent(Integer httpStatus, String message, Throwable cause) {
    return new ChatSendException(Kind.PERMANENT, httpStatus, message, cause);
  }

  public static ChatSendException retryable(Integer httpStatus, String message, Throwable cause) {
    return new ChatSendException(Kind.RETRYABLE, httpStatus, message, cause);
  }

  public static ChatSendException unknownOutcome(String message, Throwable cause) {
    return new ChatSendException(Kind.UNKNOWN_OUTCOME, null, message, cause);
  }

  public Kind kind() {
    return kind;
  }

  /** The status the receiver answered, or {@code null} when it gave no answer. */
  public Integer httpStatus() {
    return httpStatus;
  }
}
