package dev.cuifu.reminder.ops;

import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * A periodic Quartz job that is thin (its feature does the work) and whose failure (the broker or
 * the database away) is a warning: what it did not do waits for the next run. Subclasses keep
 * {@code @DisallowConcurrentExecution}: one run at a time across the cluster.
 */
public abstract class RetriedNextInterval extends QuartzJobBean {

  private final Logger log = LoggerFactory.getLogger(getClass());
  private final String what;

  protected RetriedNextInterval(String what) {
    this.what = what;
  }

  /** One run's work. */
  protected abstract void runOnce();

  @Override
  protected final void executeInternal(JobExecutionContext context) {
    try {
      runOnce();
    } catch (RuntimeException e) {
      log.warn("{} failed, retrying next interval: {}", what, e.toString());
    }
  }
}
