package dev.cuifu.testing;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node KRaft Kafka broker in this JVM (spring-kafka-test's {@link
 * EmbeddedKafkaKraftBroker}), with the settings transactions and compaction need on one node.
 * Also used by the local launcher.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private final EmbeddedKafkaKraftBroker broker;

  private EmbeddedKafka(EmbeddedKafkaKraftBroker broker) {
    this.broker = broker;
  }

  /** Starts a broker on a free port: {@link #bootstrapServers()} says which. */
  public static EmbeddedKafka start() {
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 4);
    broker.brokerProperties(
        Map.of(
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "offsets.topic.replication.factor", "1",
            "group.initial.rebalance.delay.ms", "0",
            "auto.create.topics.enable", "true"));
    broker.afterPropertiesSet();
    return new EmbeddedKafka(broker);
  }

  public String bootstrapServers() {
    return broker.getBrokersAsString();
  }

  @Override
  public void close() {
    broker.destroy();
  }
}
