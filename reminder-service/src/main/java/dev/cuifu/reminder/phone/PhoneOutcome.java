package dev.cuifu.reminder.phone;

/** How an agent's call about an unpaid order ended. All but {@link #CALL_BACK} close the task. */
enum PhoneOutcome {
  /** The buyer said they will pay. */
  WILL_PAY,
  /** The buyer paid during or right after the call. */
  PAID,
  /** The buyer will not pay. */
  DECLINED,
  NO_ANSWER,
  WRONG_NUMBER,
  /** The buyer asked to be called again later: the task goes back to the queue for that time. */
  CALL_BACK;

  public boolean closesTask() {
    return this != CALL_BACK;
  }
}
