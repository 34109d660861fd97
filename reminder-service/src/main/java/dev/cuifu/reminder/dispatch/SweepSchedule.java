package dev.cuifu.reminder.dispatch;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The dispatch work that must run once per interval across the cluster, as a durable job with a
 * repeating trigger in the clustered JDBC JobStore: the recovery of expired leases. (The due-touch
 * sweep runs on every instance: {@link DueTouchSweep}.)
 */
@Configuration(proxyBeanMethods = false)
class SweepSchedule {

  static final String RECOVERY = "lease-recovery";

  @Bean
  JobDetail leaseRecoveryJob() {
    return JobBuilder.newJob(LeaseRecoveryJob.class)
        .withIdentity(RECOVERY)
        .withDescription("Settles touches whose lease expired while sending")
        .storeDurably()
        .build();
  }

  @Bean
  Trigger leaseRecoveryTrigger(JobDetail leaseRecoveryJob, DispatchProperties properties) {
    return repeating(leaseRecoveryJob, RECOVERY, properties.recoveryInterval().toMillis());
  }

  private static Trigger repeating(JobDetail job, String name, long intervalMillis) {
    return TriggerBuilder.newTrigger()
        .forJob(job)
        .withIdentity(name)
        .withSchedule(
            SimpleScheduleBuilder.simpleSchedule()
                .withIntervalInMilliseconds(intervalMillis)
                .repeatForever()
                // after downtime, run once now rather than once per missed interval
                .withMisfireHandlingInstructionNextWithRemainingCount())
        .build();
  }
}
