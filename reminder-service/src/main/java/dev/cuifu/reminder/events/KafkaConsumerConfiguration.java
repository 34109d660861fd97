package dev.cuifu.reminder.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Consumers read raw bytes and decode in the listener, so a bad record is dead-lettered with its
 * original bytes and a reason, and read committed data only (order-ingest publishes in Kafka
 * transactions: an aborted request never reaches us). Every consumer's own Kafka metrics (among them
 * {@code records-lag} per partition and {@code records-lag-max}) are exported through Micrometer as
 * {@code kafka_consumer_*}, so lag is measured where it is, not estimated from event rates.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConsumerConfiguration {

  static final String ORDER_EVENTS_FACTORY = "orderEventsContainerFactory";
  static final String SHOPS_FACTORY = "shopsContainerFactory";

  private static final Logger log = LoggerFactory.getLogger(KafkaConsumerConfiguration.class);

  @Bean
  ConsumerFactory<String, byte[]> rawRecordConsumerFactory(KafkaProperties kafka, MeterRegistry meters) {
    Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    DefaultKafkaConsumerFactory<String, byte[]> factory = new DefaultKafkaConsumerFactory<>(config);
    factory.addListener(new MicrometerConsumerListener<>(meters));
    return factory;
  }

  @Bean
  KafkaTemplate<String, byte[]> deadLetterTemplate(KafkaProperties kafka) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
  }

  /**
   * Poison records are dead-lettered at once; anything else (the database is down, say) is retried
   * with backoff for as long as it takes, because dead-lettering a valid event would lose it. Both
   * are ERROR lines with the records' coordinates and the failure's type, never a field's value;
   * a retry that goes on shows as {@code cuifu.events.lag} and readiness ({@link
   * OrderEventsProgress}).
   */
  @Bean
  DefaultErrorHandler orderEventsErrorHandler(
      KafkaTemplate<String, byte[]> deadLetterTemplate,
      OrderEventsProperties properties,
      MeterRegistry meters) {
    Counter deadLettered =
        Counter.builder("cuifu.events.dead_lettered")
            .description("Order records sent to the dead-letter topic")
            .register(meters);
    DeadLetterPublishingRecoverer recoverer =
        new DeadLetterPublishingRecoverer(
            deadLetterTemplate,
            (record, exception) -> {
              log.error(
                  "dead-lettering record topic={} partition={} offset={} reason={}",
                  record.topic(),
                  record.partition(),
                  record.offset(),
                  reason(exception));
              deadLettered.increment();
              return new TopicPartition(properties.deadLetterTopic(), -1);
            });
    ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
    backOff.setMaxInterval(30_000);
    DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
    handler.addNotRetryableExceptions(PoisonRecordException.class);
    handler.setRetryListeners(
        new RetryListener() {
          @Override
          public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
            if (!(failure.getCause() instanceof PoisonRecordException)) {
              log.error(
                  "order record failed, retrying: topic={} partition={} offset={} attempt={} failure={}",
                  record.topic(), record.partition(), record.offset(), attempt, StorageFailures.describe(rootOf(failure)));
            }
          }

          @Override
          public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int attempt) {
            String first =
                records.isEmpty()
                    ? "none"
                    : records.partitions().stream()
                        .map(p -> p + "@" + records.records(p).get(0).offset())
                        .collect(Collectors.joining(","));
            log.error(
                "order batch failed, retrying: records={} from={} attempt={} failure={}",
                records.count(), first, attempt, StorageFailures.describe(rootOf(failure)));
          }
        });
    return handler;
  }

  /** The reason a record was dead-lettered: the poison's own reason, which quotes no value. */
  private static String reason(Exception exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof PoisonRecordException poison) {
        return poison.getMessage();
      }
    }
    return StorageFailures.describe(exception);
  }

  private static Throwable rootOf(Exception failure) {
    return failure instanceof ListenerExecutionFailedException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  @Bean(ORDER_EVENTS_FACTORY)
  ConcurrentKafkaListenerContainerFactory<String, byte[]> orderEventsContainerFactory(
      ConsumerFactory<String, byte[]> rawRecordConsumerFactory,
      DefaultErrorHandler orderEventsErrorHandler,
      OrderEventsProperties properties) {
    var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
    factory.setConsumerFactory(rawRecordConsumerFactory);
    factory.setBatchListener(true);
    factory.setConcurrency(properties.concurrency());
    factory.setCommonErrorHandler(orderEventsErrorHandler);
    return factory;
  }

  @Bean(SHOPS_FACTORY)
  ConcurrentKafkaListenerContainerFactory<String, byte[]> shopsContainerFactory(
      ConsumerFactory<String, byte[]> rawRecordConsumerFactory) {
    var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
    factory.setConsumerFactory(rawRecordConsumerFactory);
    ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
    backOff.setMaxInterval(30_000);
    factory.setCommonErrorHandler(new DefaultErrorHandler(backOff));
    return factory;
  }

  @Bean
  NewTopic orderDeadLetterTopic(OrderEventsProperties properties) {
    return TopicBuilder.name(properties.deadLetterTopic()).partitions(1).build();
  }
}
