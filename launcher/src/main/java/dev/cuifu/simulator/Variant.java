package dev.cuifu.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * One arm as the synthetic buyers experience it: a wording, recognised by a phrase only its SMS
 * contains, arriving after a delay, and the true probability that a buyer who gets it pays.
 *
 * @param armId the experiment's arm id, for reports
 * @param marker literal text of the arm's script that no other arm's script contains
 * @param delay when the arm's SMS is due after the order (its own delay, or the policy's)
 * @param probability the true payment probability of a buyer reminded by this arm
 */
public record Variant(String armId, String marker, Duration delay, double probability) {

  public Variant {
    Objects.requireNonNull(armId, "armId");
    if (marker == null || marker.isBlank()) {
      throw new IllegalArgumentException("arm " + armId + " needs a marker its SMS text contains");
    }
    if (delay == null || delay.isNegative() || delay.isZero()) {
      throw new IllegalArgumentException("arm " + armId + " needs a positive delay");
    }
    BuyerModel.checkProbability(probability, "arm " + armId);
  }
}
