package dev.cuifu.reminder.experiment;

import java.time.Instant;
import java.util.List;

/**
 * The winner {@link WinnerRule} named first for an experiment, stored once with the evidence it
 * was named on: what the shop sees as {@code decision} in the statistics, and what auto-apply acted on.
 *
 * @param winner the arm id
 * @param decidedAt when the rule first fired (a stats read or the periodic check)
 * @param evidence the figures at that moment
 * @param applied whether auto-apply pinned the winner and lowered the holdout
 */
record Decision(String winner, Instant decidedAt, Evidence evidence, boolean applied) {

  /** Settled (recovered or failed), recovered and pending orders of an arm or the holdout (id "holdout"). */
  record Count(String id, long settled, long recovered, long pending) {}

  /**
   * @param counts every arm's, in design order, then the holdout's
   * @param rate the winner's recovery rate
   * @param probabilityBest the winner's probability of being best
   * @param leadInterval the winner's always-valid 95% lead over every other open arm (above 0)
   * @param lift the winner's rate minus the holdout's (null while the holdout had nothing settled)
   * @param liftInterval always-valid 95% interval of that lift (null with it)
   */
  record Evidence(
      List<Count> counts, double rate, double probabilityBest, Interval leadInterval, Double lift, Interval liftInterval) {}

  /** The decision the live statistics show, at {@code now}; their winner must be named. */
  static Decision of(ExperimentStats.View live, Instant now) {
    ExperimentStats.ArmView winner = live.arms().stream().filter(a -> a.id().equals(live.winner())).findFirst().orElseThrow();
    List<Count> counts = new java.util.ArrayList<>();
    live.arms().forEach(a -> counts.add(new Count(a.id(), a.sent(), a.recovered(), a.pending())));
    counts.add(new Count("holdout", live.holdout().orders(), live.holdout().recovered(), live.holdout().pending()));
    return new Decision(
        winner.id(), now,
        new Evidence(
            List.copyOf(counts), winner.rate(), winner.probabilityBest(), winner.leadInterval(), winner.lift(),
            winner.alwaysValidLiftInterval()),
        false);
  }
}
