package dev.cuifu.reminder.experiment;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Thin: Quartz runs it once per interval across the cluster; the relay does the work. */
@DisallowConcurrentExecution
class ExperimentEventRelayJob extends QuartzJobBean {

  private static final Logger log = LoggerFactory.getLogger(ExperimentEventRelayJob.class);

  private final ExperimentEventRelay relay;

  ExperimentEventRelayJob(ExperimentEventRelay relay) {
    this.relay = relay;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) {
    try {
      relay.relay();
    } catch (RuntimeException e) {
      // the broker is away: the entries wait unsent for the next run
      log.warn("experiment event relay failed, retrying next interval: {}", e.toString());
    }
  }
}
