package dev.cuifu.reminder.experiment;

import java.time.Instant;

/**
 * One change to an experiment, as {@code GET /api/v1/experiments/{id}/history} lists them.
 *
 * @param change what changed
 * @param actor who changed it: the shop's API call or the winner rule
 * @param detail the change in words (the arm, the winner, the new holdout share)
 */
record HistoryEntry(Instant at, Change change, Actor actor, String detail) {

  enum Change {
    CREATED,
    ARM_PINNED,
    ARM_RETIRED,
    WINNER_RECORDED,
    AUTO_APPLIED,
    STOPPED
  }

  enum Actor {
    /** The shop, through the API. */
    API,
    /** {@link WinnerRule}, on a stats read or the periodic check. */
    RULE
  }
}
