/**
 * The experiment engine, pure domain (no Spring, no database): arms of script variants crossed
 * with an optional delay, a holdout that gets no touch, seeded reproducible assignment — even
 * until every arm has its minimum sample, then Thompson sampling on Beta posteriors — and the
 * statistics a shop reads: recovery rate with a Wilson interval, lift over the holdout with a
 * Newcombe interval, probability of being best, opt-out guardrail, cost and return on cost.
 * Not yet wired into planning or dispatch.
 */
package dev.cuifu.reminder.experiment;
