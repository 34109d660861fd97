package dev.cuifu.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ThroughputTests {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aSlowStartCountsInTheWholePhaseButNotInTheSteadyRate() {
    // 100/s for the first 5 s (start-up), 1,000/s for the last 5 s
    long[] slow = LongStream.range(0, 500).map(i -> i * SECOND / 100).toArray();
    long[] fast = LongStream.range(1, 5_001).map(i -> 5 * SECOND + i * SECOND / 1_000).toArray();
    Throughput phase = Throughput.of(5_500, 10 * SECOND, LongStream.concat(LongStream.of(slow), LongStream.of(fast)).toArray(), 0.3);

    assertThat(phase.perSecond()).isCloseTo(550, within(0.1));
    assertThat(phase.steadyPerSecond()).isCloseTo(1_000, within(0.1));
    assertThat(phase.settled()).isTrue();
    assertThat(phase.jitShare()).isEqualTo(0.3);
  }

  @Test
  void aRateStillChangingInTheSecondHalfIsNotSettled() {
    // 1,000 units in the third quarter, 100 in the fourth: a tail, not a rate
    long[] third = LongStream.range(1, 1_001).map(i -> 5 * SECOND + i * (SECOND * 5 / 2) / 1_000).toArray();
    long[] fourth = LongStream.range(1, 101).map(i -> 7 * SECOND + SECOND / 2 + i * (SECOND * 5 / 2) / 100).toArray();
    Throughput phase = Throughput.of(1_100, 10 * SECOND, LongStream.concat(LongStream.of(third), LongStream.of(fourth)).toArray(), 0);

    assertThat(phase.settled()).isFalse();
  }

  @Test
  void aPhaseShorterThanFourSecondsIsNeverSettled() {
    long[] even = LongStream.range(1, 3_001).map(i -> i * SECOND / 1_000).toArray();

    assertThat(Throughput.of(3_000, 3 * SECOND, even, 0).settled()).isFalse();
    assertThat(Throughput.of(3_000, 3 * SECOND, even, 0).steadyPerSecond()).isCloseTo(1_000, within(1.0));
  }
}
