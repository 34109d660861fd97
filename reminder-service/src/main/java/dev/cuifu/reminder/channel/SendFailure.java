package dev.cuifu.reminder.channel;

/**
 * A send on any channel that did not succeed, classified by what the caller may do next: one
 * {@link Kind} for every channel, so dispatch settles an SMS, a WhatsApp message and a webhook
 * delivery by the same rules. Each channel's subclass adds what its provider told (an error code,
 * an HTTP status).
 */
public abstract class SendFailure extends RuntimeException {

  /** What the failure means for the touch. */
  public enum Kind {
    /** The provider or receiver refused for good (invalid number, 4xx…): do not retry. */
    PERMANENT,
    /** It refused this time (429, 5xx, connection refused): the same message may be retried later. */
    RETRYABLE,
    /**
     * The request may have reached the provider or receiver: reconcile by asking, or resend only
     * under the same delivery id, never blindly.
     */
    UNKNOWN_OUTCOME
  }

  private final Kind kind;

  protected SendFailure(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public final Kind kind() {
    return kind;
  }
}
