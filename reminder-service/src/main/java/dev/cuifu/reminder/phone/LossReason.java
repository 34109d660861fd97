package dev.cuifu.reminder.phone;

/**
 * Why a buyer did not pay (流失原因), one per lost or recovered order, as shops record them
 * (docs/domain.md).
 */
public enum LossReason {
  /** Impulse purchase cooled off. */
  IMPULSE_COOLED,
  /** Insufficient balance, waiting for money. */
  INSUFFICIENT_BALANCE,
  /** Found it cheaper elsewhere. */
  CHEAPER_ELSEWHERE,
  /** Distrust of the shop. */
  DISTRUST,
  /** Poor service attitude. */
  POOR_SERVICE,
  /** Price not agreed. */
  PRICE_NOT_AGREED,
  /** Size or colour out of stock. */
  OUT_OF_STOCK,
  /** Slow service. */
  SLOW_SERVICE,
  /** Payment problem: no online banking, card limit, forgotten password, payment method. */
  PAYMENT_PROBLEM,
  /** Forgot to pay. */
  FORGOT,
  /** Closed by mistake. */
  CLOSED_BY_MISTAKE,
  /** Test or fake order. */
  TEST_ORDER,
  OTHER
}
