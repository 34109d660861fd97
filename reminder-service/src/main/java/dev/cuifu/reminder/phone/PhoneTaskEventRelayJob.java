package dev.cuifu.reminder.phone;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Thin: Quartz runs it once per interval across the cluster; the relay does the work. */
@DisallowConcurrentExecution
class PhoneTaskEventRelayJob extends QuartzJobBean {

  private static final Logger log = LoggerFactory.getLogger(PhoneTaskEventRelayJob.class);

  private final PhoneTaskEventRelay relay;

  PhoneTaskEventRelayJob(PhoneTaskEventRelay relay) {
    this.relay = relay;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) {
    try {
      relay.relay();
    } catch (RuntimeException e) {
      // the broker is away: the events wait in the outbox for the next run
      log.warn("phone-task event relay failed, retrying next interval: {}", e.toString());
    }
  }
}
