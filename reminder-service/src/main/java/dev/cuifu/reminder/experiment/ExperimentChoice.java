package dev.cuifu.reminder.experiment;

import java.time.Duration;

/**
 * What an experiment decided for one order at its tier.
 *
 * @param armId the arm, or null when the order is held out (no touch at the tier)
 * @param delay the tier's delay, or null for the shop's policy delay: the arm's; for a held-out
 *     order its twin arm's, so that it counts from the moment its touch would have been due
 * @param twinArmId for a held-out order, the arm it would have had (null: none open); else null
 */
public record ExperimentChoice(long experimentId, int tier, String armId, Duration delay, String twinArmId) {

  public boolean holdout() {
    return armId == null;
  }

  /** The timeline's reason for a held-out tier. */
  public String holdoutReason() {
    return "holdout of experiment " + experimentId + (twinArmId == null ? "" : " (twin of arm " + twinArmId + ")");
  }
}
