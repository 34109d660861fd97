package dev.cuifu.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.stream.Collectors;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * reminder-service's timer of consumer batches holding a payment, consumed to committed ({@code
 * cuifu.events.payments.apply}), counted into fixed buckets so that its percentiles cover exactly
 * the batches between two scrapes: the timer's own percentiles are computed over a window of the
 * last two minutes, which would mix in the warm-up's batches and drop a long phase's first ones.
 * Prometheus's bucket counts are cumulative and never reset, so two scrapes' difference is the
 * phase's batches. Buckets every 5 ms up to 250 ms (the target, 100 ms, is one of them), every
 * 25 ms up to 1 s, then coarser.
 */
final class PaymentBatches {

  static final String METER = "cuifu.events.payments.apply";
  static final String TIMER = "cuifu_events_payments_apply";

  static final List<Duration> BOUNDARIES = boundaries();

  private PaymentBatches() {}

  /** Adds the buckets to reminder-service's settings, before its context refreshes (the benchmark's JVM only). */
  static void addBuckets(ConfigurableApplicationContext context) {
    String slo = BOUNDARIES.stream().map(b -> b.toMillis() + "ms").collect(Collectors.joining(","));
    context.getEnvironment()
        .getPropertySources()
        .addFirst(new MapPropertySource("cuifu-benchmark-payment-batches", Map.of("management.metrics.distribution.slo." + METER, slo)));
  }

  /**
   * The batches timed between two scrapes. Percentiles are the upper bound of the bucket that
   * holds them ({@code p99 ≤ x}); past the last bucket, the scrape's maximum.
   */
  record Distribution(long count, Duration p50, Duration p99, ServiceMetrics.Timing timing) {}

  static Distribution between(ServiceMetrics before, ServiceMetrics after) {
    ServiceMetrics.Timing timing = ServiceMetrics.timing(before, after, TIMER);
    NavigableMap<Double, Double> earlier = before.buckets(TIMER);
    NavigableMap<Double, Double> later = after.buckets(TIMER);
    List<double[]> cumulative = new ArrayList<>(later.size());
    later.forEach((le, count) -> cumulative.add(new double[] {le, count - earlier.getOrDefault(le, 0.0)}));
    return new Distribution(
        timing.count(), percentile(cumulative, timing, 0.5), percentile(cumulative, timing, 0.99), timing);
  }

  private static Duration percentile(List<double[]> cumulative, ServiceMetrics.Timing timing, double quantile) {
    long rank = (long) Math.ceil(quantile * timing.count());
    if (rank == 0) {
      return Duration.ZERO;
    }
    for (double[] bucket : cumulative) {
      if (bucket[1] >= rank) {
        return Double.isInfinite(bucket[0]) ? timing.max() : Duration.ofNanos(Math.round(bucket[0] * 1e9));
      }
    }
    return timing.max();
  }

  private static List<Duration> boundaries() {
    List<Duration> boundaries = new ArrayList<>();
    for (int ms = 5; ms <= 250; ms += 5) {
      boundaries.add(Duration.ofMillis(ms));
    }
    for (int ms = 275; ms <= 1_000; ms += 25) {
      boundaries.add(Duration.ofMillis(ms));
    }
    for (int ms : new int[] {1_250, 1_500, 2_000, 3_000, 5_000, 10_000, 30_000, 60_000}) {
      boundaries.add(Duration.ofMillis(ms));
    }
    return List.copyOf(boundaries);
  }
}
