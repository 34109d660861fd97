package dev.cuifu.benchmark;

import dev.cuifu.common.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * reminder-service's consumer lag on the orders topic, sampled every {@link #INTERVAL} from a
 * background thread while the ingest phase runs: the records its group has yet to commit, summed
 * over the partitions. Each sample also records the orders answered {@code 202} so far and the
 * orders planned so far (a second view of the same backlog, in orders).
 *
 * <p>Every write to the topic is transactional (order-ingest), so offsets include commit markers,
 * and the consumer never commits past the markers at a partition's end — several of them where
 * concurrent POSTs' transactions interleave — so "end offset minus committed offset" stays above 0
 * for a caught-up consumer. The lag therefore counts records: a read_committed reader of its own
 * follows the topic up to the last stable offset (open transactions excluded) and remembers each
 * partition's record offsets; a sample counts those between the group's committed offset and the
 * last stable offset. Markers and aborted records never count; a caught-up consumer shows 0.
 */
final class ConsumerLag implements AutoCloseable {

  static final Duration INTERVAL = Duration.ofMillis(250);

  /** reminder-service's order consumer group with the default prefix ({@code OrderEventListener}). */
  static final String GROUP = "reminder-service.orders";

  private static final long TIMEOUT_SECONDS = 5;

  /** One sample, {@code atNanos} after the first POST. */
  record Sample(long atNanos, long lag, long accepted, long planned) {

    long unplanned() {
      return Math.max(0, accepted - planned);
    }
  }

  /** The samples of one ingest phase; {@code missed} samples failed (the broker did not answer in time). */
  record Result(List<Sample> samples, long lastPostNanos, int missed) {

    Sample max() {
      Sample max = samples.get(0);
      for (Sample sample : samples) {
        if (sample.lag() > max.lag()) {
          max = sample;
        }
      }
      return max;
    }

    /** The sample taken when the last POST was answered. */
    Sample atLastPost() {
      return samples.stream().filter(s -> s.atNanos() >= lastPostNanos).findFirst().orElseThrow();
    }

    /** From the last POST's answer to the first sample with lag 0; -1 if the lag never reached 0. */
    long drainNanos() {
      return samples.stream()
          .filter(s -> s.atNanos() >= lastPostNanos && s.lag() == 0)
          .mapToLong(s -> s.atNanos() - lastPostNanos)
          .findFirst()
          .orElse(-1);
    }

    long finalLag() {
      return samples.get(samples.size() - 1).lag();
    }

    /** The first sample at or after each whole second since the first POST, and the last one. */
    List<Sample> perSecond() {
      List<Sample> picked = new ArrayList<>();
      long nextSecond = 0;
      for (Sample sample : samples) {
        if (sample.atNanos() >= nextSecond) {
          picked.add(sample);
          nextSecond = (sample.atNanos() / 1_000_000_000L + 1) * 1_000_000_000L;
        }
      }
      Sample last = samples.get(samples.size() - 1);
      if (picked.get(picked.size() - 1) != last) {
        picked.add(last);
      }
      return picked;
    }

    /**
     * Median orders planned per second over the steady middle: the per-second steps after the
     * first order was planned and before the last one was; NaN below 3 such steps (too short to
     * tell a steady rate).
     */
    double steadyPlannedPerSecond() {
      List<Sample> seconds = perSecond();
      long all = seconds.get(seconds.size() - 1).planned();
      List<Double> rates = new ArrayList<>();
      for (int i = 1; i < seconds.size(); i++) {
        Sample from = seconds.get(i - 1);
        Sample to = seconds.get(i);
        if (from.planned() > 0 && to.planned() < all) {
          rates.add(Rates.perSecond(to.planned() - from.planned(), to.atNanos() - from.atNanos()));
        }
      }
      if (rates.size() < 3) {
        return Double.NaN;
      }
      rates.sort(null);
      int middle = rates.size() / 2;
      return rates.size() % 2 == 1 ? rates.get(middle) : (rates.get(middle - 1) + rates.get(middle)) / 2;
    }
  }

  private final Admin admin;
  private final List<TopicPartition> partitions;
  private final Map<TopicPartition, RecordOffsets> records = new HashMap<>();
  private final Consumer<byte[], byte[]> reader;
  private final LongSupplier accepted;
  private final LongSupplier planned;
  private final long startNanos;
  private final ScheduledExecutorService sampler;
  private final List<Sample> samples = new ArrayList<>();
  private long lastPostNanos = -1;
  private int missed;

  private ConsumerLag(String bootstrapServers, LongSupplier accepted, LongSupplier planned) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    try {
      this.partitions =
          admin.describeTopics(List.of(Topics.ORDERS)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
              .get(Topics.ORDERS).partitions().stream()
              .map(p -> new TopicPartition(Topics.ORDERS, p.partition()))
              .toList();
    } catch (ExecutionException | TimeoutException e) {
      admin.close();
      throw new IllegalStateException("could not read the orders topic", e);
    } catch (InterruptedException e) {
      admin.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    this.reader =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    reader.assign(partitions);
    reader.seekToBeginning(partitions);
    partitions.forEach(p -> records.put(p, new RecordOffsets()));
    this.accepted = accepted;
    this.planned = planned;
    this.startNanos = System.nanoTime();
    this.sampler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "consumer-lag"));
  }

  /** Starts sampling now (call it right before the first POST). */
  static ConsumerLag start(String bootstrapServers, LongSupplier accepted, LongSupplier planned) {
    ConsumerLag lag = new ConsumerLag(bootstrapServers, accepted, planned);
    lag.sampler.scheduleAtFixedRate(lag::sample, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    return lag;
  }

  /** Takes a sample at once: the lag when the last POST was answered. */
  void lastPostAnswered() {
    synchronized (this) {
      lastPostNanos = System.nanoTime() - startNanos;
    }
    sample();
  }

  /**
   * Call once every order is planned: the offsets are committed just after the rows, so this keeps
   * sampling until the lag is 0 (at most {@code limit}), then stops.
   */
  Result stop(Duration limit) {
    sampler.shutdown(); // lets a sample under way finish
    StackLoad.awaitQuietly(sampler);
    long deadline = System.nanoTime() + limit.toNanos();
    while (sample() != 0 && System.nanoTime() < deadline) {
      StackLoad.pause(INTERVAL.toMillis());
    }
    synchronized (this) {
      return new Result(List.copyOf(samples), lastPostNanos, missed);
    }
  }

  /** Takes one sample; answers its lag, or -1 if it failed. */
  private synchronized long sample() {
    long at = System.nanoTime() - startNanos;
    try {
      long lag = lag();
      samples.add(new Sample(at, lag, accepted.getAsLong(), planned.getAsLong()));
      return lag;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      missed++;
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private long lag() throws ExecutionException, TimeoutException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<TopicPartition, Long> stable = lastStableOffsets();
    readUpTo(stable);
    long lag = 0;
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata offset = committed.get(partition);
      lag += records.get(partition).between(offset == null ? 0 : offset.offset(), stable.get(partition));
    }
    return lag;
  }

  private Map<TopicPartition, Long> lastStableOffsets() throws ExecutionException, TimeoutException, InterruptedException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(p -> request.put(p, OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResultInfo> answer =
        admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
            .all()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<TopicPartition, Long> offsets = new HashMap<>();
    answer.forEach((partition, info) -> offsets.put(partition, info.offset()));
    return offsets;
  }

  /** Reads the topic until the reader has passed every partition's last stable offset. */
  private void readUpTo(Map<TopicPartition, Long> stable) throws TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (partitions.stream().anyMatch(p -> reader.position(p) < stable.get(p))) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("the reader did not reach the last stable offsets");
      }
      for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(50))) {
        records.get(new TopicPartition(record.topic(), record.partition())).add(record.offset());
      }
    }
  }

  /** One partition's record offsets, ascending (markers and aborted records are never among them). */
  private static final class RecordOffsets {

    private long[] offsets = new long[1024];
    private int size;

    void add(long offset) {
      if (size == offsets.length) {
        offsets = Arrays.copyOf(offsets, size * 2);
      }
      offsets[size++] = offset;
    }

    /** How many records have an offset in [from, to). */
    long between(long from, long to) {
      return Math.max(0, firstAtOrAbove(to) - firstAtOrAbove(from));
    }

    private int firstAtOrAbove(long offset) {
      int found = Arrays.binarySearch(offsets, 0, size, offset);
      return found >= 0 ? found : -found - 1;
    }
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    StackLoad.awaitQuietly(sampler);
    reader.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    admin.close(Duration.ofSeconds(5));
  }
}
