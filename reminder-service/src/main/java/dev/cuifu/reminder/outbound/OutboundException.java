package dev.cuifu.reminder.outbound;

/**
 * A call that failed after its URL was allowed. {@link #sent()} says whether the request may have
 * reached the receiver. The message is generic on purpose: the shop may read it.
 */
public final class OutboundException extends Exception {

  private final boolean sent;

  private OutboundException(boolean sent, String message, Throwable cause) {
    super(message, cause);
    this.sent = sent;
  }

  /** No byte of the request left: no address, connection refused or timed out, TLS failed. */
  static OutboundException notConnected(Throwable cause) {
    return new OutboundException(false, "delivery failed: the receiver could not be reached", cause);
  }

  /** The request may have arrived, but no (complete) answer came back. */
  static OutboundException noAnswer(Throwable cause) {
    return new OutboundException(true, "delivery failed: no answer from the receiver, it may have got the request", cause);
  }

  public boolean sent() {
    return sent;
  }
}
