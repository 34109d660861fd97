package dev.cuifu.reminder.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.reminder.ReminderIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;

class PeriodicTriggerIntervalsIntegrationTests extends ReminderIntegrationTest {

  @Autowired Scheduler scheduler;
  @Autowired PeriodicTriggerIntervals intervals;

  @Test
  void aStoredTriggerWithAnotherIntervalIsBroughtToTheConfiguredOne() throws Exception {
    TriggerKey key = TriggerKey.triggerKey("lease-recovery");
    SimpleTrigger configured = (SimpleTrigger) scheduler.getTrigger(key);
    JobDetail job = scheduler.getJobDetail(configured.getJobKey());
    // as an older deployment with another setting would have left it
    Trigger old = PeriodicTriggers.every(Duration.ofMillis(configured.getRepeatInterval() * 3), job, "lease-recovery");
    scheduler.rescheduleJob(key, old);

    intervals.run(null);

    assertThat(((SimpleTrigger) scheduler.getTrigger(key)).getRepeatInterval())
        .as("the configured interval replaces the stored one")
        .isEqualTo(configured.getRepeatInterval());
  }
}
