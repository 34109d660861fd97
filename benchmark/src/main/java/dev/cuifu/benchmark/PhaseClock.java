package dev.cuifu.benchmark;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * One measured phase's clock: its start (wall and monotonic), the JIT's compilation time so far,
 * and when each unit of work finished ({@link #done}, from any thread), so that the phase can say
 * its steady rate beside its whole-phase rate and how much of it the JIT took.
 */
final class PhaseClock {

  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  private final long startNanos = System.nanoTime();
  private final Instant startedAt = Instant.now();
  private final long startCompileMillis = compileMillis();
  private long[] doneAt = new long[1024];
  private int done;

  static PhaseClock start() {
    return new PhaseClock();
  }

  Instant startedAt() {
    return startedAt;
  }

  long startNanos() {
    return startNanos;
  }

  /**
   * Whether the {@code n}-th piece of work (0, 1, …) of a workload of {@code pieces}, repeated,
   * is to be done: all of the first round, then more rounds until {@code atLeast} has passed.
   */
  boolean moreTo(long n, long pieces, Duration atLeast) {
    return n < pieces || System.nanoTime() - startNanos < atLeast.toNanos();
  }

  /** Notes that {@code units} of work finished now. */
  synchronized void done(long units) {
    long at = System.nanoTime() - startNanos;
    for (long i = 0; i < units; i++) {
      add(at);
    }
  }

  /** Notes that one unit finished at {@code at} (a timestamp taken elsewhere, e.g. a row's commit). */
  synchronized void doneAt(Instant at) {
    add(Math.max(0, ChronoUnit.NANOS.between(startedAt, at)));
  }

  private void add(long offsetNanos) {
    if (done == doneAt.length) {
      doneAt = Arrays.copyOf(doneAt, done * 2);
    }
    doneAt[done++] = offsetNanos;
  }

  /**
   * The phase as it stands now: {@code count} units over {@code nanos} (the phase's length, from
   * its start), the steady rate from the completions noted, and the JIT's compilation time since
   * the start over the wall time since the start.
   */
  synchronized Throughput measure(long count, long nanos) {
    return Throughput.of(count, nanos, Arrays.copyOf(doneAt, done), jitShare());
  }

  /** The JIT's compilation time since the start over the wall time since the start; NaN where the JVM does not say. */
  double jitShare() {
    long wall = Math.max(1, System.nanoTime() - startNanos);
    return JIT == null || !JIT.isCompilationTimeMonitoringSupported() ? Double.NaN : (compileMillis() - startCompileMillis) * 1e6 / wall;
  }

  /** {@link #measure} with the count and length taken from the completions noted. */
  synchronized Throughput measure() {
    long last = 0;
    for (int i = 0; i < done; i++) {
      last = Math.max(last, doneAt[i]);
    }
    return measure(done, Math.max(1, last));
  }

  private static long compileMillis() {
    return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : 0;
  }
}
