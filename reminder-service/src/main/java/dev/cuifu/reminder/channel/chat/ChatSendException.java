package dev.cuifu.reminder.channel.chat;

import dev.cuifu.reminder.channel.SendFailure;

/**
 * A webhook delivery that did not succeed: permanent (400, 404, other 4xx, bad URL), retryable
 * (408, 429, 5xx, connection refused) or of unknown outcome (read timeout, reset after sending: the
 * receiver may have posted it, so it is resent only with the same {@code X-Cuifu-Delivery} id, which
 * a receiver that dedupes drops).
 */
public final class ChatSendException extends SendFailure {

  private final Integer httpStatus;

  private ChatSendException(Kind kind, Integer httpStatus, String message, Throwable cause) {
    super(kind, message, cause);
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

  /** The status the receiver answered, or {@code null} when it gave no answer. */
  public Integer httpStatus() {
    return httpStatus;
  }
}
