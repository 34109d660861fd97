package dev.cuifu.reminder.experiment;

/**
 * What one arm of an experiment measurably adds over its holdout, for the backtest to project onto
 * past orders.
 *
 * @param experimentId the experiment
 * @param arm the arm measured
 * @param armChoice why that arm: {@code decided} (the winner rule's recorded winner), {@code pinned}
 *     (the shop pinned it) or {@code leading} (the open arm with the highest rate so far)
 * @param lift the arm's rate minus the holdout's
 * @param interval the always-valid 95% interval of that lift when the statistics give one, else the
 *     fixed-sample one; its {@code kind} says which
 */
public record MeasuredLift(long experimentId, String arm, String armChoice, double lift, Interval interval) {}
