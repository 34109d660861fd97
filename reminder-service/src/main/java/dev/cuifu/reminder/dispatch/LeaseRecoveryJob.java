package dev.cuifu.reminder.dispatch;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Thin: Quartz runs it once per interval across the cluster; recovery does the work. */
@DisallowConcurrentExecution
class LeaseRecoveryJob extends QuartzJobBean {

  private final LeaseRecovery recovery;

  LeaseRecoveryJob(LeaseRecovery recovery) {
    this.recovery = recovery;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) {
    recovery.recoverExpiredLeases();
  }
}
