package dev.cuifu.benchmark;

import dev.cuifu.common.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
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
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * reminder-service's consumer lag on the orders topic, sampled every {@link #INTERVAL} from a
 * background thread while the ingest phase runs: per partition, the offset the consumer could reach
 * minus the offset its group committed. Each sample also records the orders answered {@code 202}
 * so far and the orders planned so far (a second view of the same backlog, in orders).
 *
 * <p>Every write to the topic is transactional (order-ingest), so offsets include commit markers.
 * The end offset is the last stable offset (read_committed: open transactions excluded); on a
 * partition with no transaction open its last entry is a commit marker, which the consumer passes
 * without ever committing past it, so one is taken off there: a caught-up consumer shows exactly 0.
 * Markers inside the backlog still count (one per partition per POST batch: about 1% at batches of
 * 1,000 orders over 12 partitions).
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
  private final Map<TopicPartition, Long> logStart;
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
      // where the consumer starts on a partition its group has not committed yet
      this.logStart = offsets(OffsetSpec.earliest(), new ListOffsetsOptions());
    } catch (ExecutionException | TimeoutException e) {
      admin.close();
      throw new IllegalStateException("could not read the orders topic", e);
    } catch (InterruptedException e) {
      admin.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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
    sampler.shutdownNow();
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
    // the end first: if a transaction starts between the two reads, the stable offset stops before it
    Map<TopicPartition, Long> end = offsets(OffsetSpec.latest(), new ListOffsetsOptions());
    Map<TopicPartition, Long> stable = offsets(OffsetSpec.latest(), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED));
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    long lag = 0;
    for (TopicPartition partition : partitions) {
      long lastStable = stable.get(partition);
      boolean endsWithMarker = lastStable == end.get(partition) && lastStable > logStart.get(partition);
      long reachable = endsWithMarker ? lastStable - 1 : lastStable;
      OffsetAndMetadata offset = committed.get(partition);
      long position = offset == null ? logStart.get(partition) : offset.offset();
      lag += Math.max(0, reachable - position);
    }
    return lag;
  }

  private Map<TopicPartition, Long> offsets(OffsetSpec spec, ListOffsetsOptions options)
      throws ExecutionException, TimeoutException, InterruptedException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(p -> request.put(p, spec));
    Map<TopicPartition, ListOffsetsResultInfo> answer =
        admin.listOffsets(request, options).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    Map<TopicPartition, Long> offsets = new HashMap<>();
    answer.forEach((partition, info) -> offsets.put(partition, info.offset()));
    return offsets;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    StackLoad.awaitQuietly(sampler);
    admin.close(Duration.ofSeconds(5));
  }
}
