package dev.cuifu.reminder.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The dashboard's recovery and lift per day: cumulative counts, with the statistics' own intervals. */
class ExperimentSeriesTests {

  private static final LocalDate D1 = LocalDate.of(2026, 11, 11);

  private static final StoredExperiment EXPERIMENT =
      new StoredExperiment(
          7, "shop", 1, "timing",
          new ExperimentDesign(1, 0.2, 1, List.of(new Arm("a", 1, null, Arm.State.ACTIVE), new Arm("b", 2, null, Arm.State.ACTIVE))),
          Instant.parse("2026-11-10T02:00:00Z"), null);

  private static ExperimentRepository.DayCount count(LocalDate day, String arm, long sent, long recovered) {
    return new ExperimentRepository.DayCount(day, arm, sent, recovered);
  }

  @Test
  @DisplayName("rule: each day shows every order sent up to its end (days before the range included); the last day is what the statistics API answers")
  void cumulativeToTheStatistics() {
    List<ExperimentRepository.DayCount> arms =
        List.of(
            count(D1.minusDays(1), "a", 10, 2), count(D1, "a", 20, 5), count(D1.plusDays(2), "a", 5, 1), count(D1.plusDays(1), "b", 8, 4));
    List<ExperimentRepository.DayCount> holdout = List.of(count(D1, null, 6, 1), count(D1.plusDays(2), null, 4, 0));

    ExperimentSeries series = ExperimentSeries.of(EXPERIMENT, arms, holdout, D1, D1.plusDays(2));

    ExperimentSeries.Line a = series.arms().get(0);
    assertThat(a.points()).extracting(ExperimentSeries.Point::sent).containsExactly(30L, 30L, 35L);
    assertThat(a.points()).extracting(ExperimentSeries.Point::recovered).containsExactly(7L, 7L, 8L);
    ExperimentSeries.Line b = series.arms().get(1);
    assertThat(b.points().get(0).rate()).as("nothing sent yet: no rate, no interval").isNull();
    assertThat(b.points().get(0).rateInterval()).isNull();
    assertThat(series.holdout().points()).extracting(ExperimentSeries.Point::sent).containsExactly(6L, 6L, 10L);

    ExperimentReport report =
        ExperimentStatistics.report(
            EXPERIMENT.design(), Map.of("a", new Tally(35, 8, 0, 0, 0), "b", new Tally(8, 4, 0, 0, 0)), new Tally(10, 1, 0, 0, 0), 0);
    for (ExperimentSeries.Line line : series.arms()) {
      ExperimentSeries.Point last = line.points().get(2);
      ArmStatistics stats = report.arm(line.id());
      assertThat(last.rate()).isEqualTo(stats.rate());
      assertThat(last.rateInterval()).isEqualTo(stats.rateInterval());
      assertThat(last.lift()).isEqualTo(stats.lift());
      assertThat(last.liftInterval()).isEqualTo(stats.liftInterval());
    }
    assertThat(series.holdout().points().get(2).rateInterval()).isEqualTo(report.holdoutInterval());
  }

  @Test
  @DisplayName("rule: without held-out orders there is no lift")
  void noHoldoutNoLift() {
    ExperimentSeries series = ExperimentSeries.of(EXPERIMENT, List.of(count(D1, "a", 3, 1)), List.of(), D1, D1);

    assertThat(series.arms().get(0).points().get(0).rate()).isEqualTo(1.0 / 3);
    assertThat(series.arms().get(0).points().get(0).lift()).isNull();
    assertThat(series.arms().get(0).points().get(0).liftInterval()).isNull();
  }
}
