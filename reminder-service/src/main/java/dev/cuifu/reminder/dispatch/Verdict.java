package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.plan.CancelCause;
import java.time.Instant;

/**
 * What the send-time rules ({@link SendRules}) say about one claimed touch: send it now, or one
 * of the ways it does not go out now, each carrying the reason the order's timeline shows.
 */
public sealed interface Verdict permits Verdict.Send, Verdict.Defer, Verdict.Skip, Verdict.Expire, Verdict.Cancel, Verdict.Retry {

  Send SEND = new Send();

  /** Every rule passed: the touch goes to its channel's sender. */
  record Send() implements Verdict {}

  /** Not now (quiet hours, frequency cap, a provider that may not be called): planned again {@code at}. */
  record Defer(Instant at, String reason) implements Verdict {

    /** Held back by the frequency cap (else by quiet hours or the provider). */
    public boolean byFrequencyCap() {
      return reason.startsWith(SendRules.FREQUENCY_CAP);
    }
  }

  /** Never, for a reason about the buyer or the order (opted out, out of stock). */
  record Skip(String reason) implements Verdict {}

  /** No time left before the payment deadline. */
  record Expire(String reason) implements Verdict {}

  /** The order was paid or closed meanwhile. */
  record Cancel(CancelCause cause) implements Verdict {}

  /** Not possible yet (the shop is not known yet): the {@link RetryPolicy} decides when again. */
  record Retry(String reason) implements Verdict {}
}
