package dev.cuifu.reminder.experiment;

import java.time.Instant;

/** An experiment as stored: its shop and tier, its design and whether it still runs. */
record StoredExperiment(long id, String shopId, int tier, String name, ExperimentDesign design, Instant startedAt, Instant stoppedAt) {

  boolean running() {
    return stoppedAt == null;
  }
}
