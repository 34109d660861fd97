package dev.cuifu.reminder.experiment;

/**
 * One arm's results.
 *
 * @param sent orders the arm's touch was sent for
 * @param recovered of them, paid after the touch and before the deadline
 * @param rate recovered / sent
 * @param rateInterval fixed-sample 95% Wilson score interval of the rate
 * @param recoveredMinor the recovered orders' amount (minor units of the experiment's currency)
 * @param lift rate minus the holdout's rate: what the touch adds over buyers who got none (null
 *     while the holdout is empty)
 * @param liftInterval fixed-sample 95% Newcombe interval of the lift (null while the holdout is
 *     empty): right for one look at a sample size fixed in advance, too narrow for a dashboard read
 *     every day
 * @param probabilityBest share of Monte Carlo draws from the open arms' posteriors in which this
 *     arm's rate is the highest (0 for a retired arm); shown for orientation, it does not name the
 *     winner (read repeatedly, a 95% threshold on it names a false winner in a fifth of A/A tests)
 * @param optOutRate opt-outs / sent
 * @param optOutFlag true when the arm's opt-out rate is clearly worse than the other arms' pooled
 *     rate: the lower end of its 95% interval above the upper end of theirs
 * @param segments SMS segments sent
 * @param costMinor segments × the per-segment price, in minor units
 * @param returnOnCost recoveredMinor / costMinor (null when nothing was spent)
 * @param reachedMinimum whether the arm has its minimum sample
 * @param alwaysValidLiftInterval always-valid 95% interval of the lift (null while the holdout is
 *     empty): covers the true lift at every look, however often it is read
 * @param leadInterval always-valid 95% interval of this arm's rate minus the best other open arm's
 *     (Bonferroni over the other open arms); the arm is the winner when it lies above 0 (see
 *     {@link WinnerRule}); null for a retired arm or a lone open arm
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
    boolean reachedMinimum,
    Interval alwaysValidLiftInterval,
    Interval leadInterval) {

  /** Messages sent: one per order. */
  public long messages() {
    return sent;
  }
}
