package dev.cuifu.reminder.dispatch;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Thin on purpose: Quartz decides when (once across the cluster), the dispatcher does the work. */
@DisallowConcurrentExecution
class DueTouchSweepJob extends QuartzJobBean {

  private final Dispatcher dispatcher;

  DueTouchSweepJob(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) {
    dispatcher.dispatchDue();
  }
}
