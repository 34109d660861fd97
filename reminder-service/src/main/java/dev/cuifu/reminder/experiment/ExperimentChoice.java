package dev.cuifu.reminder.experiment;

import java.time.Duration;

/**
 * What an experiment decided for one order at its tier.
 *
 * @param armId the arm, or null when the order is held out (no touch at the tier)
 * @param delay the arm's delay for the tier, or null for the shop's policy delay
 */
public record ExperimentChoice(long experimentId, int tier, String armId, Duration delay) {

  public boolean holdout() {
    return armId == null;
  }

  /** The timeline's reason for a held-out tier. */
  public String holdoutReason() {
    return "holdout of experiment " + experimentId;
  }
}
