package dev.cuifu.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * At a stop, after order-ingest stopped: waits (bounded) until reminder-service's consumer groups
 * have consumed every committed record in their partitions, since the launcher's broker log is
 * temporary and what is left there is never reminded. The committed offset alone cannot tell: a
 * transaction's commit marker sits after its last record, so a group that has read everything
 * commits one short of the end offset. Records are counted by reading from the group's offset to
 * the end with a read_committed consumer of no group, which skips markers and aborted records.
 */
final class CatchUp {

  private CatchUp() {}

  /** A line for the stop's output: how many events it waited for, or how many are left. */
  static String await(String bootstrapServers, ApplicationContext reminder, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    List<String> groups = new ArrayList<>();
    for (MessageListenerContainer container : reminder.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers()) {
      if (container.getGroupId() != null && !groups.contains(container.getGroupId())) {
        groups.add(container.getGroupId());
      }
    }
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (Admin admin = Admin.create(adminConfig(bootstrapServers));
        KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(config)) {
      long first = left(admin, probe, groups, deadline);
      long left = first;
      while (left > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        left = left(admin, probe, groups, deadline);
      }
      return left == 0
          ? "reminder-service caught up with %d events".formatted(first)
          : "%d events left unconsumed (lost with the temporary broker)".formatted(left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "reminder-service's catching up was interrupted";
    } catch (Exception e) {
      return "could not tell whether reminder-service caught up (" + e + ")";
    }
  }

  private static Properties adminConfig(String bootstrapServers) {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }

  /** Committed records after the groups' offsets, summed over groups (-1: not known in time). */
  private static long left(Admin admin, KafkaConsumer<byte[], byte[]> probe, List<String> groups, long deadline) throws Exception {
    long total = 0;
    for (String group : groups) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, Long> from = new HashMap<>();
      committed.forEach((partition, offset) -> from.put(partition, offset == null ? 0L : offset.offset()));
      if (from.isEmpty()) {
        continue;
      }
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      from.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all()
          .get()
          .forEach((partition, info) -> ends.put(partition, info.offset()));
      from.entrySet().removeIf(entry -> entry.getValue() >= ends.get(entry.getKey()));
      if (from.isEmpty()) {
        continue;
      }
      probe.assign(from.keySet());
      from.forEach(probe::seek);
      long records = 0;
      while (!readToEnd(probe, ends) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : probe.poll(Duration.ofMillis(100))) {
          if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
            records++;
          }
        }
      }
      if (!readToEnd(probe, ends)) {
        // not read in time: count the offsets still ahead, markers included (an upper bound)
        for (TopicPartition partition : probe.assignment()) {
          records += Math.max(0, ends.get(partition) - probe.position(partition));
        }
      }
      probe.assign(List.of());
      total += records;
    }
    return total;
  }

  private static boolean readToEnd(KafkaConsumer<byte[], byte[]> probe, Map<TopicPartition, Long> ends) {
    for (TopicPartition partition : probe.assignment()) {
      if (probe.position(partition) < ends.get(partition)) {
        return false;
      }
    }
    return true;
  }
}
