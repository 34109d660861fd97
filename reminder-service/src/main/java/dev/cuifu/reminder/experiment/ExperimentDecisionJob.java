package dev.cuifu.reminder.experiment;

import dev.cuifu.reminder.ops.RetriedNextInterval;
import org.quartz.DisallowConcurrentExecution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz runs it once per interval across the cluster; {@link Experiments#decideRunning} does the
 * work. A failed run is read again next time, and a decision is recorded once either way.
 */
@DisallowConcurrentExecution
class ExperimentDecisionJob extends RetriedNextInterval {

  private static final Logger log = LoggerFactory.getLogger(ExperimentDecisionJob.class);

  private final Experiments experiments;

  ExperimentDecisionJob(Experiments experiments) {
    super("experiment winner check");
    this.experiments = experiments;
  }

  @Override
  protected void runOnce() {
    int decided = experiments.decideRunning();
    if (decided > 0) {
      log.info("experiment winner check: {} experiment(s) decided", decided);
    }
  }
}
