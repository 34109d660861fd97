package dev.cuifu.reminder.ops;

import java.util.List;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brings a stored periodic trigger to its configured interval when the configuration changed.
 *
 * <p>Quartz keeps the triggers in the shared database, and starting instances do not overwrite
 * them ({@code spring.quartz.overwrite-existing-jobs: false}): replacing a trigger while another
 * instance has acquired it lets two instances fire the same scheduled time (Quartz checks only
 * that the trigger is acquired, not by whom; ScaleOutIntegrationTests caught it). So a trigger is
 * replaced only when its interval differs from the configuration — once, by the first instance
 * started with the new setting.
 */
@Component
class PeriodicTriggerIntervals implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(PeriodicTriggerIntervals.class);

  private final Scheduler scheduler;
  private final List<Trigger> triggers;
  private final TransactionTemplate transaction;

  PeriodicTriggerIntervals(Scheduler scheduler, List<Trigger> triggers, TransactionTemplate transaction) {
    this.scheduler = scheduler;
    this.triggers = triggers;
    this.transaction = transaction;
  }

  @Override
  public void run(ApplicationArguments args) throws SchedulerException {
    for (Trigger configured : triggers) {
      if (!(configured instanceof SimpleTrigger wanted)) {
        continue;
      }
      Trigger stored = scheduler.getTrigger(configured.getKey());
      if (stored instanceof SimpleTrigger current && current.getRepeatInterval() != wanted.getRepeatInterval()) {
        log.info(
            "periodic job {}: interval {} ms -> {} ms",
            configured.getKey().getName(),
            current.getRepeatInterval(),
            wanted.getRepeatInterval());
        reschedule(configured);
      }
    }
  }

  /**
   * In a transaction, so that Quartz's row lock holds across the trigger's delete and re-insert:
   * outside one, each statement commits on its own and the scheduler thread firing the same
   * trigger can slip in between (a duplicate-key failure).
   */
  private void reschedule(Trigger configured) {
    transaction.executeWithoutResult(
        status -> {
          try {
            scheduler.rescheduleJob(configured.getKey(), configured);
          } catch (SchedulerException e) {
            throw new IllegalStateException("cannot reschedule " + configured.getKey(), e);
          }
        });
  }
}
