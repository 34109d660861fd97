/**
 * Shop metrics (docs/domain.md, "Metrics shops already use"), per day in the shop's time zone:
 * orders placed, paid, closed unpaid, the loss ratio, the amount decomposition, orders reminded and
 * recovered per channel (the experiments' attribution rule, {@link
 * dev.cuifu.reminder.experiment.Attribution}), loss reasons from phone agents, and loss among buyers
 * who talked to customer service. An API ({@code GET /api/v1/metrics/daily}) and per-shop gauges
 * for today.
 */
package dev.cuifu.reminder.shopmetrics;
