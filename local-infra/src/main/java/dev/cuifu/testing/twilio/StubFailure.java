package dev.cuifu.testing.twilio;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure (or slowness) the {@link TwilioStubServer} injects into its Twilio API answers.
 *
 * <p>Start from {@link #error} or {@link #delay} and narrow with the {@code with…}/{@code for…}
 * methods, e.g. {@code StubFailure.error(400, 21211, "Invalid 'To' Phone Number").times(1)}.
 *
 * @param times how many matching requests it affects; {@code 0} or less: every matching request
 *     until the failures are cleared
 * @param to only message creations to this number ({@code null}: every API request, fetches too)
 * @param httpStatus the HTTP status to answer with; {@code 0}: no error, the request is served
 *     normally (the message is stored) and only the {@link #delay} applies
 * @param errorCode Twilio's error code in the error body (e.g. 21211)
 * @param errorMessage Twilio's error message in the error body
 * @param delay how long the stub waits before it answers; for a served message it waits after
 *     storing it, so a client that times out has nevertheless sent the message
 */
public record StubFailure(
    int times, String to, int httpStatus, Integer errorCode, String errorMessage, Duration delay) {

  public StubFailure {
    delay = delay == null ? Duration.ZERO : delay;
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    if (httpStatus != 0 && (httpStatus < 400 || httpStatus > 599)) {
      throw new IllegalArgumentException("httpStatus must be 0 or 4xx/5xx: " + httpStatus);
    }
    if (httpStatus == 0 && delay.isZero()) {
      throw new IllegalArgumentException("a failure needs an error status or a delay");
    }
  }

  /** The next API request fails with this status and Twilio error. */
  public static StubFailure error(int httpStatus, int errorCode, String errorMessage) {
    return new StubFailure(1, null, httpStatus, errorCode, errorMessage, Duration.ZERO);
  }

  /** The next API request is served normally, but its answer comes only after {@code delay}. */
  public static StubFailure delay(Duration delay) {
    return new StubFailure(1, null, 0, null, null, Objects.requireNonNull(delay, "delay"));
  }

  /** Affects the next {@code times} matching requests ({@code 0}: all until cleared). */
  public StubFailure times(int times) {
    return new StubFailure(times, to, httpStatus, errorCode, errorMessage, delay);
  }

  /** Affects every matching request until the failures are cleared. */
  public StubFailure always() {
    return times(0);
  }

  /** Affects only message creations to this number. */
  public StubFailure forTo(String to) {
    return new StubFailure(times, Objects.requireNonNull(to, "to"), httpStatus, errorCode, errorMessage, delay);
  }

  /** Waits this long before answering (with the error, or with the normal answer). */
  public StubFailure withDelay(Duration delay) {
    return new StubFailure(times, to, httpStatus, errorCode, errorMessage, delay);
  }

  boolean isError() {
    return httpStatus != 0;
  }
}
