package dev.cuifu.benchmark;

import java.util.Arrays;

/**
 * A measured phase: {@code count} units in {@code nanos}, and its steady rate — the units finished
 * in the phase's second half over that half's length, once the start-up (connections, the JIT's
 * first compilations, the first batches) is behind. {@code settled}: the second half's two quarters
 * ran within {@value #SETTLED_WITHIN_PERCENT}% of each other and the phase lasted at least {@value
 * #SETTLED_MIN_SECONDS} s, so the steady rate is a rate, not a tail. {@code jitShare}: the JIT
 * compilers' time during the phase over its wall time (JMX {@code CompilationMXBean}; summed over
 * the compiler threads, so above 1 when both cores compiled at once); NaN when the JVM cannot tell.
 */
record Throughput(long count, long nanos, double steadyPerSecond, boolean settled, double jitShare) {

  static final int SETTLED_WITHIN_PERCENT = 10;
  static final int SETTLED_MIN_SECONDS = 4;

  /** None: a phase that did not run. */
  static final Throughput NONE = new Throughput(0, 0, Double.NaN, false, Double.NaN);

  double perSecond() {
    return Rates.perSecond(count, nanos);
  }

  /** From each unit's finishing time, in nanoseconds after the phase's start. */
  static Throughput of(long count, long nanos, long[] doneAtNanos, double jitShare) {
    long[] sorted = doneAtNanos.clone();
    Arrays.sort(sorted);
    long half = nanos / 2;
    long threeQuarters = nanos - nanos / 4;
    long secondHalf = countBetween(sorted, half, nanos);
    long thirdQuarter = countBetween(sorted, half, threeQuarters);
    long fourthQuarter = countBetween(sorted, threeQuarters, nanos);
    double steady = sorted.length == 0 ? Double.NaN : Rates.perSecond(secondHalf, nanos - half);
    boolean settled =
        nanos >= SETTLED_MIN_SECONDS * 1_000_000_000L
            && Math.abs(thirdQuarter - fourthQuarter) * 100 <= SETTLED_WITHIN_PERCENT * Math.max(thirdQuarter, fourthQuarter);
    return new Throughput(count, nanos, steady, settled, jitShare);
  }

  /** Units that finished in (from, to]; a unit at 0 counts in the first interval. */
  private static long countBetween(long[] sorted, long from, long to) {
    return firstAbove(sorted, to) - (from == 0 ? 0 : firstAbove(sorted, from));
  }

  private static int firstAbove(long[] sorted, long value) {
    int low = 0;
    int high = sorted.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sorted[mid] <= value) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
