package dev.cuifu.reminder.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * Repeating triggers for the clustered periodic jobs. Their fire times are aligned to the epoch
 * (every multiple of the interval), so every instance computes the same schedule and a trigger
 * stored anew (first start, or an interval change: {@link PeriodicTriggerIntervals}) starts on the
 * next multiple rather than at one instance's "now".
 */
public final class PeriodicTriggers {

  private PeriodicTriggers() {}

  public static Trigger every(Duration interval, JobDetail job, String name) {
    long intervalMillis = interval.toMillis();
    // Quartz fires by the system clock, so the schedule is aligned on it too
    long now = Instant.now().toEpochMilli();
    Instant firstAfterNow = Instant.ofEpochMilli((now / intervalMillis + 1) * intervalMillis);
    return TriggerBuilder.newTrigger()
        .forJob(job)
        .withIdentity(name)
        .startAt(Date.from(firstAfterNow))
        .withSchedule(
            SimpleScheduleBuilder.simpleSchedule()
                .withIntervalInMilliseconds(intervalMillis)
                .repeatForever()
                // after downtime, run once now rather than once per missed interval
                .withMisfireHandlingInstructionNextWithRemainingCount())
        .build();
  }
}
