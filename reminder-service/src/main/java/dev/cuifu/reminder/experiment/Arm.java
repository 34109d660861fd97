package dev.cuifu.reminder.experiment;

import java.time.Duration;
import java.util.Objects;

/**
 * One variant of an experiment: a script, optionally with its own delay (e.g. SMS at 10 min vs
 * 1 h vs 3 h of the same wording).
 *
 * @param id stable name of the arm within its experiment
 * @param scriptId the script the arm sends
 * @param delay the tier's delay for this arm, or null for the shop's policy delay
 * @param state whether the arm takes new orders
 */
public record Arm(String id, long scriptId, Duration delay, State state) {

  /** What the shop decided about an arm. */
  public enum State {
    /** Takes orders as the allocation decides. */
    ACTIVE,
    /** Takes every order that is not held out (the shop chose it). */
    PINNED,
    /** Takes no new orders; its results stay in the statistics. */
    RETIRED
  }

  public Arm {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    if (delay != null && (delay.isNegative() || delay.isZero())) {
      throw new IllegalArgumentException("arm " + id + ": delay must be positive");
    }
  }

  public static Arm of(String id, long scriptId) {
    return new Arm(id, scriptId, null, State.ACTIVE);
  }

  public Arm withState(State newState) {
    return new Arm(id, scriptId, delay, newState);
  }
}
