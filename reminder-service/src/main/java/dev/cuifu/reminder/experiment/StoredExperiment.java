package dev.cuifu.reminder.experiment;

import java.time.Instant;

/**
 * An experiment as stored: its shop and tier, its design and whether it still runs.
 *
 * @param decayHoldoutShare with auto-apply, the holdout share once the winner is recorded and
 *     pinned; null without auto-apply
 */
record StoredExperiment(
    long id, String shopId, int tier, String name, ExperimentDesign design, Instant startedAt, Instant stoppedAt,
    Double decayHoldoutShare) {

  StoredExperiment(long id, String shopId, int tier, String name, ExperimentDesign design, Instant startedAt, Instant stoppedAt) {
    this(id, shopId, tier, name, design, startedAt, stoppedAt, null);
  }

  boolean running() {
    return stoppedAt == null;
  }

  /** Whether a recorded winner is pinned and the holdout lowered without the shop. */
  boolean autoApply() {
    return decayHoldoutShare != null;
  }
}
