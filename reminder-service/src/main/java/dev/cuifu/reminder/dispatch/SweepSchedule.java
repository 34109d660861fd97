package dev.cuifu.reminder.dispatch;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The periodic work, as durable jobs with repeating triggers in the clustered JDBC JobStore: the
 * due-touch sweep and the recovery of expired leases.
 */
@Configuration(proxyBeanMethods = false)
class SweepSchedule {

  static final String NAME = "due-touch-sweep";
  static final String RECOVERY = "lease-recovery";

  @Bean
  JobDetail dueTouchSweepJob() {
    return JobBuilder.newJob(DueTouchSweepJob.class)
        .withIdentity(NAME)
        .withDescription("Claims due touches and hands them to their channel")
        .storeDurably()
        .build();
  }

  @Bean
  Trigger dueTouchSweepTrigger(JobDetail dueTouchSweepJob, DispatchProperties properties) {
    return repeating(dueTouchSweepJob, NAME, properties.sweepInterval().toMillis());
  }

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
