package dev.cuifu.reminder.timeline;

/** What happened to a touch; each is recorded with its reason on the order's timeline. */
public enum Decision {
  PLANNED,
  SKIPPED,
  DEFERRED,
  MERGED,
  SENT,
  RETRY,
  FAILED,
  CANCELLED,
  EXPIRED,
  OUTCOME_UNKNOWN,
  RECONCILED,
  RECOVERED
}
