package dev.cuifu.harness;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * reminder-service's order-events consumer group as the broker sees it: readiness says a
 * restarted instance is up, this says when the group consumes again (stable, every partition with
 * a live member, a killed member replaced) and how far behind it is. While the broker is down
 * every question answers "not consuming" and a lag of -1.
 */
final class OrderConsumers implements AutoCloseable {

  static final String GROUP = "reminder-service.orders";

  private final Admin admin;

  OrderConsumers(String bootstrapServers) {
    this.admin =
        Admin.create(Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000));
  }

  /** The members now, by member id (empty when the broker does not answer). */
  Set<String> members() {
    ConsumerGroupDescription group = describe();
    return group == null ? Set.of() : group.members().stream().map(MemberDescription::consumerId).collect(Collectors.toSet());
  }

  /**
   * The group is stable with {@code size} members, each holding partitions, and, when {@code
   * before} is given, not the members of before (a killed or stopped one replaced).
   */
  boolean consuming(Set<String> before, int size) {
    ConsumerGroupDescription group = describe();
    if (group == null) {
      return false;
    }
    Set<String> now = group.members().stream().map(MemberDescription::consumerId).collect(Collectors.toSet());
    return group.groupState() == GroupState.STABLE && now.size() == size && (before == null || !now.equals(before))
        && group.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty());
  }

  /**
   * Records on the group's partitions it has not committed yet, less one per partition: a
   * transaction's commit marker sits after the last record the group committed, so a group that
   * caught up is one behind on every partition written transactionally. -1 when the broker does
   * not answer.
   */
  long lag() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest =
          committed.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
      long lag = 0;
      for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
        if (entry.getValue() != null) {
          lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset() - 1);
        }
      }
      return lag;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      return -1;
    }
  }

  private ConsumerGroupDescription describe() {
    try {
      return admin.describeConsumerGroups(Set.of(GROUP)).describedGroups().get(GROUP).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      return null; // the broker is down or has not loaded the group yet
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
