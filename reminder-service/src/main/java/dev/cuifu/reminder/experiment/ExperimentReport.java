package dev.cuifu.reminder.experiment;

import java.util.List;
import java.util.Optional;

/**
 * An experiment's statistics.
 *
 * @param holdoutOrders orders held out (no touch at the tier)
 * @param holdoutRecovered of them, paid within the same window on their own
 * @param holdoutRate holdoutRecovered / holdoutOrders
 * @param holdoutInterval 95% Wilson interval of the holdout's rate
 * @param arms every arm, in the design's order
 * @param winner the arm id when one arm's probability of being best is at least 95% and every open
 *     arm has its minimum sample; empty otherwise
 */
public record ExperimentReport(
    long holdoutOrders,
    long holdoutRecovered,
    double holdoutRate,
    Interval holdoutInterval,
    List<ArmStatistics> arms,
    Optional<String> winner) {

  public ArmStatistics arm(String armId) {
    return arms.stream().filter(a -> a.armId().equals(armId)).findFirst().orElseThrow();
  }
}
