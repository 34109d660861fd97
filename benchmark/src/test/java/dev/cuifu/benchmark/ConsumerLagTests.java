package dev.cuifu.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.benchmark.ConsumerLag.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures printed from a run's lag samples. */
class ConsumerLagTests {

  private static final long MS = 1_000_000;

  // every 500 ms: 3,000 orders answered by 1.5 s, all planned by 4.0 s
  private final ConsumerLag.Result run =
      new ConsumerLag.Result(
          List.of(
              new Sample(0, 0, 0, 0),
              new Sample(500 * MS, 200, 1_000, 0),
              new Sample(1_000 * MS, 900, 2_000, 100),
              new Sample(1_500 * MS, 1_800, 3_000, 900),
              new Sample(2_000 * MS, 1_500, 3_000, 1_200),
              new Sample(2_500 * MS, 1_100, 3_000, 1_600),
              new Sample(3_000 * MS, 700, 3_000, 2_100),
              new Sample(3_500 * MS, 300, 3_000, 2_600),
              new Sample(4_000 * MS, 100, 3_000, 2_800),
              new Sample(4_500 * MS, 0, 3_000, 3_000),
              new Sample(4_700 * MS, 0, 3_000, 3_000)),
          1_400 * MS,
          0);

  @Test
  void maximumLagAtTheLastPostAndDrainTime() {
    assertThat(run.max().lag()).isEqualTo(1_800);
    assertThat(run.max().atNanos()).isEqualTo(1_500 * MS);
    assertThat(run.atLastPost().lag()).isEqualTo(1_800);
    assertThat(run.drainNanos()).isEqualTo(3_100 * MS);
    assertThat(run.finalLag()).isZero();
  }

  @Test
  void oneSamplePerSecondAndTheLast() {
    assertThat(run.perSecond()).extracting(Sample::lag).containsExactly(0L, 900L, 1_500L, 700L, 100L, 0L);
    assertThat(run.perSecond()).extracting(Sample::unplanned).containsExactly(0L, 1_900L, 1_800L, 900L, 200L, 0L);
  }

  @Test
  void steadyRateIsTheMedianOfTheWholeSecondsBetweenFirstAndLastPlanned() {
    // steps 1→2 s (1,100/s), 2→3 s (900/s), 3→4 s (700/s); 0→1 s starts planning, 4→4.7 s ends it
    assertThat(run.steadyPlannedPerSecond()).isEqualTo(900.0);
    ConsumerLag.Result tooShort =
        new ConsumerLag.Result(List.of(new Sample(0, 0, 0, 0), new Sample(900 * MS, 0, 10, 10)), 500 * MS, 0);
    assertThat(tooShort.steadyPlannedPerSecond()).isNaN();
    assertThat(tooShort.drainNanos()).isEqualTo(400 * MS);
  }

  @Test
  void lagThatNeverDrainsIsReportedAsSuch() {
    ConsumerLag.Result stuck =
        new ConsumerLag.Result(List.of(new Sample(0, 0, 0, 0), new Sample(600 * MS, 50, 50, 0)), 500 * MS, 1);
    assertThat(stuck.drainNanos()).isEqualTo(-1);
    assertThat(stuck.finalLag()).isEqualTo(50);
  }
}
