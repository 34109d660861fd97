package dev.cuifu.reminder.experiment;

import java.util.List;
import java.util.Optional;

/**
 * An experiment's statistics.
 *
 * @param holdoutOrders orders held out (no touch at the tier)
 * @param holdoutRecovered of them, paid within the same window on their own
 * @param holdoutRate holdoutRecovered / holdoutOrders
 * @param holdoutInterval fixed-sample 95% Wilson interval of the holdout's rate
 * @param arms every arm, in the design's order
 * @param winner the arm id when its lead interval lies above 0 and every open arm has its minimum
 *     sample ({@link WinnerRule}); empty otherwise
 * @param winnerRule the rule in one sentence, with its guarantee, for the API and the dashboard
 */
public record ExperimentReport(
    long holdoutOrders,
    long holdoutRecovered,
    double holdoutRate,
    Interval holdoutInterval,
    List<ArmStatistics> arms,
    Optional<String> winner,
    String winnerRule) {

  /** How the winner is named, as the API and the dashboard state it. */
  public static final String WINNER_RULE =
      "an arm wins when its always-valid 95% lead interval over every other open arm lies above 0 and every open arm"
          + " has its minimum sample; the chance of ever naming a wrong winner is at most 5% however often the"
          + " statistics are read (normal approximation; measured in docs/experiments.md)";

  public ArmStatistics arm(String armId) {
    return arms.stream().filter(a -> a.armId().equals(armId)).findFirst().orElseThrow();
  }
}
