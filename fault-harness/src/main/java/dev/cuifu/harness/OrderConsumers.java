package dev.cuifu.harness;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;

/**
 * reminder-service's order-events consumer group as the broker sees it: readiness says a
 * restarted instance is up, this says when the group consumes again (stable, every partition with
 * a live member, the killed one's member gone).
 */
final class OrderConsumers implements AutoCloseable {

  static final String GROUP = "reminder-service.orders";

  private final Admin admin;

  OrderConsumers(String bootstrapServers) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** The members now, by member id. */
  Set<String> members() {
    return describe().members().stream().map(MemberDescription::consumerId).collect(Collectors.toSet());
  }

  /**
   * Waits until the group is stable again with {@code size} members, each holding partitions, and
   * not the members of before the kill (the killed one's replaced); the time since the kill, or
   * {@code null} after {@code timeout}.
   */
  Duration awaitReplaced(Set<String> before, int size, long killedAtNanos, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      ConsumerGroupDescription group = describe();
      Set<String> now = group.members().stream().map(MemberDescription::consumerId).collect(Collectors.toSet());
      if (group.groupState() == GroupState.STABLE && now.size() == size && !now.equals(before)
          && group.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty())) {
        return Duration.ofNanos(System.nanoTime() - killedAtNanos);
      }
      Launch.sleep(Duration.ofMillis(250));
    }
    return null;
  }

  private ConsumerGroupDescription describe() {
    try {
      return admin.describeConsumerGroups(Set.of(GROUP)).describedGroups().get(GROUP).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot describe consumer group " + GROUP, e);
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
