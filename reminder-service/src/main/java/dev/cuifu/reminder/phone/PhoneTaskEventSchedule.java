package dev.cuifu.reminder.phone;

import org.apache.kafka.clients.admin.NewTopic;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
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
    return TriggerBuilder.newTrigger()
        .forJob(phoneTaskEventRelayJob)
        .withIdentity(NAME)
        .withSchedule(
            SimpleScheduleBuilder.simpleSchedule()
                .withIntervalInMilliseconds(properties.relayInterval().toMillis())
                .repeatForever()
                // after downtime, run once now rather than once per missed interval
                .withMisfireHandlingInstructionNextWithRemainingCount())
        .build();
  }

  @Bean
  NewTopic phoneTaskEventsTopic(PhoneTaskEventsProperties properties) {
    return TopicBuilder.name(properties.topic()).partitions(properties.partitions()).build();
  }
}
