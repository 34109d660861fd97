package dev.cuifu.reminder.backtest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/**
 * What a policy would have done to a set of past orders (docs/backtest.md says what each figure
 * means). Amounts are in major units of {@code currency}.
 *
 * @param orders orders replayed
 * @param ordersNeverPaid of those, never paid according to the data
 * @param belowMinimum orders below the policy's minimum amount: never reminded
 * @param ordersReminded orders reached by at least one tier
 * @param remindedPaidLaterAnyway of those, paid after their first reminder according to the data
 * @param remindedNeverPaid of those, never paid: the orders a reminder could have recovered
 * @param remindedNeverPaidAmount their total
 * @param smsMessages SMS sent; several orders of one buyer travel in one message
 * @param smsSegments the segments they are billed as (the default script's text)
 * @param smsCost segments times the segment price
 * @param mergedOrders orders that travelled in another order's SMS
 * @param peakSendsPerMinute the most SMS and chat messages sent in one minute
 * @param peakMinute when that minute began
 * @param expectedRecoveredOrders lift × remindedNeverPaid
 * @param expectedRecoveredAmount lift × remindedNeverPaidAmount
 * @param liftRange the same over a range of lifts (an experiment's measured interval or an assumed
 *     range), or null when only a point lift was given
 * @param sendsByHour SMS, chat messages and phone tasks per hour of day in the policy's zone (where
 *     quiet hours push them, when the load peaks)
 */
public record BacktestReport(
    long orders,
    long ordersNeverPaid,
    String currency,
    long belowMinimum,
    List<TierFigures> tiers,
    long ordersReminded,
    long remindedPaidLaterAnyway,
    long remindedNeverPaid,
    BigDecimal remindedNeverPaidAmount,
    long smsMessages,
    long smsSegments,
    BigDecimal smsCost,
    long chatMessages,
    long phoneTasks,
    long mergedOrders,
    long deferredByQuietHours,
    long deferredByFrequencyCap,
    long droppedByDeadline,
    long peakSendsPerMinute,
    Instant peakMinute,
    double lift,
    double expectedRecoveredOrders,
    BigDecimal expectedRecoveredAmount,
    LiftRange liftRange,
    @Schema(description = "Sends per hour of day (0–23) per channel in the policy's time zone: where quiet hours push them, when the load peaks")
        HourlySends sendsByHour) {

  /**
   * The same figures with {@code lift} as the point lift and {@code range} applied to the orders
   * and amount a reminder could have recovered.
   */
  public BacktestReport withLift(double lift, LiftRange.Source range) {
    LiftRange applied =
        range == null
            ? null
            : new LiftRange(
                range.source(), range.experimentId(), range.arm(), range.armChoice(), range.intervalKind(), range.low(), range.high(),
                range.low() * remindedNeverPaid, range.high() * remindedNeverPaid, times(range.low()), times(range.high()));
    return new BacktestReport(
        orders, ordersNeverPaid, currency, belowMinimum, tiers, ordersReminded, remindedPaidLaterAnyway, remindedNeverPaid,
        remindedNeverPaidAmount, smsMessages, smsSegments, smsCost, chatMessages, phoneTasks, mergedOrders, deferredByQuietHours,
        deferredByFrequencyCap, droppedByDeadline, peakSendsPerMinute, peakMinute, lift, lift * remindedNeverPaid, times(lift), applied,
        sendsByHour);
  }

  private BigDecimal times(double lift) {
    return remindedNeverPaidAmount.multiply(BigDecimal.valueOf(lift)).setScale(remindedNeverPaidAmount.scale(), RoundingMode.HALF_UP);
  }

  /** The figures of one tier, or null if the policy does not have it. */
  public TierFigures tier(int tier) {
    return tiers.stream().filter(t -> t.tier() == tier).findFirst().orElse(null);
  }
}
