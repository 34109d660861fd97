package dev.cuifu.reminder.experiment;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Thin: Quartz runs it once per interval across the cluster; {@link Experiments#decideRunning} does the work. */
@DisallowConcurrentExecution
class ExperimentDecisionJob extends QuartzJobBean {

  private static final Logger log = LoggerFactory.getLogger(ExperimentDecisionJob.class);

  private final Experiments experiments;

  ExperimentDecisionJob(Experiments experiments) {
    this.experiments = experiments;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) {
    try {
      int decided = experiments.decideRunning();
      if (decided > 0) {
        log.info("experiment winner check: {} experiment(s) decided", decided);
      }
    } catch (RuntimeException e) {
      // the database is away: the next run reads again, and the decision is recorded once either way
      log.warn("experiment winner check failed, retrying next interval: {}", e.toString());
    }
  }
}
