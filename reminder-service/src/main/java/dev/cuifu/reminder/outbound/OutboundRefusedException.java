package dev.cuifu.reminder.outbound;

/**
 * A URL the service will not call. The message is the same whatever the reason (scheme, loopback,
 * private address, metadata endpoint…), so a shop cannot map the internal network by the answers.
 */
public final class OutboundRefusedException extends RuntimeException {

  /** What a shop reads, whatever the internal reason. */
  public static final String REASON = "the URL is not allowed";

  OutboundRefusedException() {
    super(REASON, null, false, false);
  }
}
