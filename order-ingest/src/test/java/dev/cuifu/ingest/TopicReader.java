package dev.cuifu.ingest;

import dev.cuifu.testing.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic the way the reminder-service does ({@code isolation.level=read_committed}): every
 * committed record up to the last stable offset of each partition, then keeps polling for at least
 * {@code atLeast} so that late records would show.
 */
public final class TopicReader {

  private TopicReader() {}

  public static List<ConsumerRecord<String, String>> committed(String topic, Predicate<ConsumerRecord<String, String>> filter) {
    return committed(topic, filter, Duration.ZERO);
  }

  public static List<ConsumerRecord<String, String>> committed(
      String topic, Predicate<ConsumerRecord<String, String>> filter, Duration atLeast) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long started = System.nanoTime();
      long deadline = started + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> {
          if (filter.test(r)) {
            records.add(r);
          }
        });
        boolean atEnd = partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
        if (atEnd && System.nanoTime() - started >= atLeast.toNanos()) {
          return records;
        }
      }
      throw new AssertionError("did not reach the end of " + topic + " within 30 s");
    }
  }

  /** Records whose key belongs to the shop ({@code shopId/orderId}). */
  public static Predicate<ConsumerRecord<String, String>> ofShop(String shopId) {
    return r -> r.key() != null && r.key().startsWith(shopId + "/");
  }
}
