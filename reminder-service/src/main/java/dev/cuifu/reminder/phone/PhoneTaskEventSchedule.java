package dev.cuifu.reminder.phone;

import dev.cuifu.reminder.ops.PeriodicTriggers;
import org.apache.kafka.clients.admin.NewTopic;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The phone-task event relay as a durable job with a repeating trigger in the clustered JobStore; its topic. */
@Configuration(proxyBeanMethods = false)
class PhoneTaskEventSchedule {

  static final String NAME = "phone-task-event-relay";

  @Bean
  JobDetail phoneTaskEventRelayJob() {
    return JobBuilder.newJob(PhoneTaskEventRelayJob.class)
        .withIdentity(NAME)
        .withDescription("Publishes the phone-task outbox to Kafka")
        .storeDurably()
        .build();
  }

  @Bean
  Trigger phoneTaskEventRelayTrigger(JobDetail phoneTaskEventRelayJob, PhoneTaskEventsProperties properties) {
    return PeriodicTriggers.every(properties.relayInterval(), phoneTaskEventRelayJob, NAME);
  }

  @Bean
  NewTopic phoneTaskEventsTopic(PhoneTaskEventsProperties properties) {
    return TopicBuilder.name(properties.topic()).partitions(properties.partitions()).build();
  }
}
