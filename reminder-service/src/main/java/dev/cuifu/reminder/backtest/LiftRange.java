package dev.cuifu.reminder.backtest;

import java.math.BigDecimal;

/**
 * The expected recovered orders and amount over a range of lifts: an experiment's measured lift
 * interval, or a range the user assumed. Amounts in major units of the report's currency.
 *
 * @param source {@code experiment} or {@code assumed}
 * @param experimentId the experiment whose lift it is (null when assumed)
 * @param arm the arm measured (null when assumed)
 * @param armChoice why that arm: decided, pinned or leading (null when assumed)
 * @param intervalKind what the interval is, e.g. always-valid 95% (null when assumed)
 * @param liftLow the interval's lower end (a negative lift means the reminder costs orders)
 * @param liftHigh its upper end
 * @param expectedRecoveredOrdersLow liftLow × remindedNeverPaid
 * @param expectedRecoveredOrdersHigh liftHigh × remindedNeverPaid
 * @param expectedRecoveredAmountLow liftLow × remindedNeverPaidAmount
 * @param expectedRecoveredAmountHigh liftHigh × remindedNeverPaidAmount
 */
public record LiftRange(
    String source,
    Long experimentId,
    String arm,
    String armChoice,
    String intervalKind,
    double liftLow,
    double liftHigh,
    double expectedRecoveredOrdersLow,
    double expectedRecoveredOrdersHigh,
    BigDecimal expectedRecoveredAmountLow,
    BigDecimal expectedRecoveredAmountHigh) {

  /** Where the range comes from, before it is applied to a report. */
  public record Source(String source, Long experimentId, String arm, String armChoice, String intervalKind, double low, double high) {

    public static Source assumed(double low, double high) {
      return new Source("assumed", null, null, null, null, low, high);
    }
  }
}
