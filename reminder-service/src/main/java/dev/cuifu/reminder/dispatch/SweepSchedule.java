package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.ops.PeriodicTriggers;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Trigger;
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
    return PeriodicTriggers.every(properties.recoveryInterval(), leaseRecoveryJob, RECOVERY);
  }
}
