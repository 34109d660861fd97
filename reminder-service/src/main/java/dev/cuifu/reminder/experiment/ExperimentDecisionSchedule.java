package dev.cuifu.reminder.experiment;

import dev.cuifu.reminder.ops.PeriodicTriggers;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The periodic winner check as a durable job with a repeating trigger in the clustered JobStore: one run per interval across instances. */
@Configuration(proxyBeanMethods = false)
class ExperimentDecisionSchedule {

  static final String NAME = "experiment-decision";

  @Bean
  JobDetail experimentDecisionJob() {
    return JobBuilder.newJob(ExperimentDecisionJob.class)
        .withIdentity(NAME)
        .withDescription("Records the winner of running experiments the rule names, and auto-applies it")
        .storeDurably()
        .build();
  }

  @Bean
  Trigger experimentDecisionTrigger(JobDetail experimentDecisionJob, ExperimentProperties properties) {
    return PeriodicTriggers.every(properties.decideInterval(), experimentDecisionJob, NAME);
  }
}
