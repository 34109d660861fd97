package dev.cuifu.ingest.config;

import java.time.Clock;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/** Infrastructure beans: the clock, the database transaction manager and the topics. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

  /** Domain time always comes from this clock; tests replace it. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * The database transaction manager, declared explicitly: with a Kafka transaction-id prefix
   * configured, Boot also creates a {@code KafkaTransactionManager}, and database work must never
   * end up on that one. Kafka transactions are run locally with {@code executeInTransaction}.
   */
  @Bean
  @Primary
  JdbcTransactionManager transactionManager(DataSource dataSource) {
    return new JdbcTransactionManager(dataSource);
  }

  @Bean
  TransactionTemplate transactionTemplate(JdbcTransactionManager transactionManager) {
    return new TransactionTemplate(transactionManager);
  }

  @Bean
  NewTopic ordersTopic(IngestProperties properties) {
    return TopicBuilder.name(properties.topics().orders())
        .partitions(properties.topics().ordersPartitions())
        .build();
  }

  @Bean
  NewTopic shopsTopic(IngestProperties properties) {
    return TopicBuilder.name(properties.topics().shops())
        .partitions(properties.topics().shopsPartitions())
        .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
        .build();
  }
}
