/**
 * Experiments on a tier's wording and timing. The engine is pure domain (no Spring, no database):
 * {@link dev.cuifu.reminder.experiment.ExperimentDesign}, {@link dev.cuifu.reminder.experiment.Allocator}
 * (seeded, reproducible assignment with a holdout — even until every arm has its minimum sample,
 * then Thompson sampling on Beta posteriors with a floor of even draws) and {@link
 * dev.cuifu.reminder.experiment.ExperimentStatistics} (recovery rate with a Wilson interval, lift
 * over the holdout with a Newcombe interval and an always-valid one, probability of being best,
 * the winner by {@link dev.cuifu.reminder.experiment.WinnerRule}, opt-out guardrail, cost and
 * return on cost). Around it: storage and intent-to-treat attribution ({@code
 * ExperimentRepository}: arms and holdout counted alike, from each order's planned due time), the
 * API ({@code ExperimentController}) and the
 * batch assignment planning uses ({@link dev.cuifu.reminder.experiment.BatchAssignments}).
 */
package dev.cuifu.reminder.experiment;
