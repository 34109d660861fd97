package dev.cuifu.reminder.experiment;

import dev.cuifu.reminder.ops.PeriodicTriggers;
import org.apache.kafka.clients.admin.NewTopic;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The periodic winner check and the experiment event relay as durable jobs with repeating triggers
 * in the clustered JobStore (one run per interval across instances); the events' topic.
 */
@Configuration(proxyBeanMethods = false)
class ExperimentSchedule {

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

  static final String RELAY = "experiment-event-relay";

  @Bean
  JobDetail experimentEventRelayJob() {
    return JobBuilder.newJob(ExperimentEventRelayJob.class)
        .withIdentity(RELAY)
        .withDescription("Publishes the experiments' history to Kafka")
        .storeDurably()
        .build();
  }

  @Bean
  Trigger experimentEventRelayTrigger(JobDetail experimentEventRelayJob, ExperimentEventsProperties properties) {
    return PeriodicTriggers.every(properties.relayInterval(), experimentEventRelayJob, RELAY);
  }

  @Bean
  NewTopic experimentEventsTopic(ExperimentEventsProperties properties) {
    return TopicBuilder.name(properties.topic()).partitions(properties.partitions()).build();
  }
}
