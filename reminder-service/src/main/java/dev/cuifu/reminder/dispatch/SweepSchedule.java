package dev.cuifu.reminder.dispatch;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The due-touch sweep: one durable job and a repeating trigger in the clustered JDBC JobStore. */
@Configuration(proxyBeanMethods = false)
class SweepSchedule {

  static final String NAME = "due-touch-sweep";

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
    return TriggerBuilder.newTrigger()
        .forJob(dueTouchSweepJob)
        .withIdentity(NAME)
        .withSchedule(
            SimpleScheduleBuilder.simpleSchedule()
                .withIntervalInMilliseconds(properties.sweepInterval().toMillis())
                .repeatForever()
                // after downtime, sweep once now rather than once per missed interval
                .withMisfireHandlingInstructionNextWithRemainingCount())
        .build();
  }
}
