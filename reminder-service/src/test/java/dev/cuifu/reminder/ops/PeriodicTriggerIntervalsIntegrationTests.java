package dev.cuifu.reminder.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.reminder.ReminderIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

class PeriodicTriggerIntervalsIntegrationTests extends ReminderIntegrationTest {

  @Autowired Scheduler scheduler;
  @Autowired PeriodicTriggerIntervals intervals;
  @Autowired TransactionTemplate transaction;

  @Test
  void aStoredTriggerWithAnotherIntervalIsBroughtToTheConfiguredOne() throws Exception {
    TriggerKey key = TriggerKey.triggerKey("lease-recovery");
    SimpleTrigger configured = (SimpleTrigger) scheduler.getTrigger(key);
    JobDetail job = scheduler.getJobDetail(configured.getJobKey());
    // as an older deployment with another setting would have left it
    Trigger old = PeriodicTriggers.every(Duration.ofMillis(configured.getRepeatInterval() * 3), job, "lease-recovery");
    // inside a transaction, as Quartz's own writes are: the store's row lock then holds against the
    // scheduler thread firing this very trigger (every 0.5 s here); without it the delete and
    // re-insert of the trigger could interleave with a firing (a duplicate-key failure seen in CI)
    transaction.executeWithoutResult(
        status -> {
          try {
            scheduler.rescheduleJob(key, old);
          } catch (SchedulerException e) {
            throw new IllegalStateException(e);
          }
        });

    intervals.run(null);

    assertThat(((SimpleTrigger) scheduler.getTrigger(key)).getRepeatInterval())
        .as("the configured interval replaces the stored one")
        .isEqualTo(configured.getRepeatInterval());
  }
}
