package dev.cuifu.reminder.experiment;

/**
 * One arm's results.
 *
 * @param sent orders the arm's touch was sent for
 * @param recovered of them, paid after the touch and before the deadline
 * @param rate recovered / sent
 * @param rateInterval 95% Wilson score interval of the rate
 * @param recoveredMinor the recovered orders' amount (minor units of the experiment's currency)
 * @param lift rate minus the holdout's rate: what the touch adds over buyers who got none (null
 *     while the holdout is empty)
 * @param liftInterval 95% Newcombe interval of the lift (null while the holdout is empty)
 * @param probabilityBest share of Monte Carlo draws from the open arms' posteriors in which this
 *     arm's rate is the highest (0 for a retired arm)
 * @param optOutRate opt-outs / sent
 * @param optOutFlag true when the arm's opt-out rate is clearly worse than the other arms' pooled
 *     rate: the lower end of its 95% interval above the upper end of theirs
 * @param segments SMS segments sent
 * @param costMinor segments × the per-segment price, in minor units
 * @param returnOnCost recoveredMinor / costMinor (null when nothing was spent)
 * @param reachedMinimum whether the arm has its minimum sample
 */
public record ArmStatistics(
    String armId,
    Arm.State state,
    long sent,
    long recovered,
    double rate,
    Interval rateInterval,
    long recoveredMinor,
    Double lift,
    Interval liftInterval,
    double probabilityBest,
    double optOutRate,
    boolean optOutFlag,
    long segments,
    double costMinor,
    Double returnOnCost,
    boolean reachedMinimum) {

  /** Messages sent: one per order. */
  public long messages() {
    return sent;
  }
}
