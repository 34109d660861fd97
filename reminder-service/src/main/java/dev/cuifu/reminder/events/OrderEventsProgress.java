package dev.cuifu.reminder.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Whether the order consumer makes progress, read from the broker rather than from the consumer:
 * the consumer's own {@code records-lag} counts from its fetch position, which stays ahead of a
 * batch that is retried in memory, so it read 0 while every shop's orders waited. Here the lag is
 * the read_committed end offsets minus the group's committed offsets ({@code cuifu.events.lag};
 * transaction markers count as offsets, so a caught-up group can read a few), and readiness
 * ({@code orderEvents}) is DOWN once records have waited without a commit for {@code stallAfter}.
 *
 * <p>Stalls are measured in real elapsed time, not on the service's {@link java.time.Clock}: a
 * stalled consumer is an operational fact, and tests move that clock by hand.
 */
@Component("orderEvents")
class OrderEventsProgress implements HealthIndicator, InitializingBean, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(OrderEventsProgress.class);

  private final Admin admin;
  private final Consumer<byte[], byte[]> probe;
  private final OrderEventsProperties properties;
  private final String groupId;
  private final ScheduledExecutorService checks =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "order-events-progress");
        thread.setDaemon(true);
        return thread;
      });

  /** How long one check may read the partitions it suspects of a stall. */
  private static final Duration PROBE_TIME = Duration.ofSeconds(2);

  private volatile long lag;
  private volatile long lastProgressNanos = System.nanoTime();
  private volatile Map<TopicPartition, Long> lastCommitted = Map.of();
  private volatile String lastError;
  private volatile boolean reportedStall;

  OrderEventsProgress(KafkaProperties kafka, OrderEventsProperties properties, MeterRegistry meters) {
    Map<String, Object> config = new HashMap<>(kafka.buildAdminProperties());
    int timeout = (int) Math.min(properties.progressCheckInterval().toMillis(), 10_000);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    this.admin = Admin.create(config);
    Map<String, Object> probeConfig = new HashMap<>(kafka.buildConsumerProperties());
    probeConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
    probeConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    probeConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    probeConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
    probeConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "order-events-progress");
    this.probe = new KafkaConsumer<>(probeConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.properties = properties;
    this.groupId = properties.consumerGroup() + ".orders";
    Gauge.builder("cuifu.events.lag", this, p -> p.lag)
        .description("Order-topic offsets not yet committed by the order consumer group (read_committed end minus committed)")
        .register(meters);
    Gauge.builder("cuifu.events.stalled", this, p -> p.stalledFor().isPresent() ? 1 : 0)
        .description("1 while order records have waited without a commit for longer than stall-after")
        .register(meters);
  }

  @Override
  public void afterPropertiesSet() {
    long period = properties.progressCheckInterval().toMillis();
    checks.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public Health health() {
    Optional<Duration> stalled = stalledFor();
    Health.Builder health = stalled.isPresent() ? Health.down() : Health.up();
    health.withDetail("lag", lag).withDetail("stallAfter", properties.stallAfter().toString());
    stalled.ifPresent(d -> health.withDetail("noProgressFor", d.truncatedTo(ChronoUnit.SECONDS).toString()));
    if (lastError != null) {
      health.withDetail("lastCheckError", lastError);
    }
    return health.build();
  }

  long lag() {
    return lag;
  }

  Optional<Duration> stalledFor() {
    Duration since = Duration.ofNanos(System.nanoTime() - lastProgressNanos);
    return since.compareTo(properties.stallAfter()) > 0 ? Optional.of(since) : Optional.empty();
  }

  /**
   * One look at the broker: committed offsets moved, or nothing waits, is progress. A partition
   * behind its end whose commit did not move is probed for records: order-ingest writes in
   * transactions, and the commit marker after the last record is an offset the group never
   * commits past, so an idle partition stays one or more offsets "behind" with nothing to read.
   */
  void check() {
    try {
      Map<TopicPartition, Long> committed = committedOffsets();
      Map<TopicPartition, Long> ends = endOffsets();
      Map<TopicPartition, Long> behind = new HashMap<>();
      for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
        long from = committed.getOrDefault(end.getKey(), 0L);
        if (end.getValue() > from) {
          behind.put(end.getKey(), from);
        }
      }
      boolean moved = !committed.equals(lastCommitted);
      if (!moved && !behind.isEmpty()) {
        behind.keySet().retainAll(partitionsWithRecords(behind, ends));
      }
      long total = 0;
      for (Map.Entry<TopicPartition, Long> partition : behind.entrySet()) {
        total += ends.get(partition.getKey()) - partition.getValue();
      }
      lag = total;
      if (total == 0 || moved) {
        lastProgressNanos = System.nanoTime();
      }
      lastCommitted = committed;
      lastError = null;
      Optional<Duration> stalled = stalledFor();
      if (stalled.isPresent() && !reportedStall) {
        log.error(
            "order consumer stalled: group={} lag={} no commit for {}; every shop's orders and payments wait",
            groupId, total, stalled.get().truncatedTo(ChronoUnit.SECONDS));
      } else if (stalled.isEmpty() && reportedStall) {
        log.info("order consumer progresses again: group={} lag={}", groupId, total);
      }
      reportedStall = stalled.isPresent();
    } catch (Exception e) {
      // the broker unreachable: the kafka health indicator says so; keep the last figures
      lastError = e.getClass().getSimpleName();
    }
  }

  /** The partitions that hold a committed record between the group's offset and the end. */
  private Set<TopicPartition> partitionsWithRecords(Map<TopicPartition, Long> from, Map<TopicPartition, Long> ends) {
    probe.assign(from.keySet());
    from.forEach(probe::seek);
    Set<TopicPartition> withRecords = new HashSet<>();
    long deadline = System.nanoTime() + PROBE_TIME.toNanos();
    do {
      for (ConsumerRecord<byte[], byte[]> record : probe.poll(Duration.ofMillis(100))) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.offset() < ends.get(partition)) {
          withRecords.add(partition);
        }
      }
      // done once each partition either showed a record or was read to its end (markers only)
    } while (!allReadOrFound(from.keySet(), withRecords, ends) && System.nanoTime() < deadline);
    // what could not be read in time counts as waiting: a stall must not hide behind a slow read
    for (TopicPartition partition : from.keySet()) {
      if (probe.position(partition) < ends.get(partition)) {
        withRecords.add(partition);
      }
    }
    probe.assign(List.of());
    return withRecords;
  }

  private boolean allReadOrFound(Set<TopicPartition> partitions, Set<TopicPartition> found, Map<TopicPartition, Long> ends) {
    for (TopicPartition partition : partitions) {
      if (!found.contains(partition) && probe.position(partition) < ends.get(partition)) {
        return false;
      }
    }
    return true;
  }

  private Map<TopicPartition, Long> committedOffsets() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, Long> committed = new HashMap<>();
    offsets.forEach((partition, offset) -> {
      if (offset != null && partition.topic().equals(properties.ordersTopic())) {
        committed.put(partition, offset.offset());
      }
    });
    return committed;
  }

  private Map<TopicPartition, Long> endOffsets() throws Exception {
    TopicDescription topic =
        admin.describeTopics(List.of(properties.ordersTopic())).allTopicNames().get().get(properties.ordersTopic());
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    topic.partitions().forEach(p -> latest.put(new TopicPartition(properties.ordersTopic(), p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all()
        .get()
        .forEach((partition, info) -> ends.put(partition, info.offset()));
    return ends;
  }

  @Override
  public void destroy() {
    checks.shutdownNow();
    try {
      checks.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    probe.close(CloseOptions.timeout(Duration.ofSeconds(1)));
    admin.close(Duration.ofSeconds(1));
  }
}
