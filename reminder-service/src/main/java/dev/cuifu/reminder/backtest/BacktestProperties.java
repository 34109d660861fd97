package dev.cuifu.reminder.backtest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many API backtests ({@code POST /api/v1/backtests}) this service runs, and on what: their own
 * small pool, so that a replay (a core for seconds, tens of MB for a 4 MB upload) never takes the
 * threads or more than {@code threads} cores from event consumption and dispatch.
 *
 * @param threads backtests replayed at once, each on one thread of the pool
 * @param queue backtests waiting for a thread; one more is answered 429 with Retry-After at once,
 *     before its orders are read into memory (1 thread and 1 waiting: at most two backtests held,
 *     as a dozen at once filled a 512 MB heap)
 */
@Validated
@ConfigurationProperties("cuifu.reminder.backtest")
record BacktestProperties(@DefaultValue("1") @Min(1) @Max(16) int threads, @DefaultValue("1") @Min(0) @Max(100) int queue) {}
