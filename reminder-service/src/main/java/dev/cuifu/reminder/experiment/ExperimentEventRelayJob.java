package dev.cuifu.reminder.experiment;

import dev.cuifu.reminder.ops.RetriedNextInterval;
import org.quartz.DisallowConcurrentExecution;

/** Quartz runs it once per interval across the cluster; unsent entries wait for the next run. */
@DisallowConcurrentExecution
class ExperimentEventRelayJob extends RetriedNextInterval {

  private final ExperimentEventRelay relay;

  ExperimentEventRelayJob(ExperimentEventRelay relay) {
    super("experiment event relay");
    this.relay = relay;
  }

  @Override
  protected void runOnce() {
    relay.relay();
  }
}
