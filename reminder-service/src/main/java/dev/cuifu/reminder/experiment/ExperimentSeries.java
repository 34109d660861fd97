package dev.cuifu.reminder.experiment;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An experiment's recovery over the days of a range, as the dashboard draws it: at the end of each
 * day (the shop's zone), the orders that came due so far per arm and in the holdout (counted from
 * their due time, as the statistics count them: intent to treat), what became of them as known now, the rate with its Wilson interval and the lift over the holdout with its Newcombe
 * interval — the intervals of {@link ExperimentStatistics}, so the last day of a range ending today
 * matches {@code GET /api/v1/experiments/{id}/stats}. Cumulative from the experiment's start, not
 * from the range's first day.
 *
 * @param startedAt when the experiment started
 * @param stoppedAt when it stopped (null while running)
 * @param holdout the holdout's points (their lift is null)
 * @param arms one line per arm, in design order
 */
public record ExperimentSeries(
    long experimentId, String name, Instant startedAt, Instant stoppedAt, Line holdout, List<Line> arms) {

  /** One arm's (or the holdout's) points, one per day of the range. */
  public record Line(String id, List<Point> points) {}

  /**
   * The figures at the end of {@code date}.
   *
   * @param sent orders settled (recovered or failed): the rate's denominator, as the statistics'
   *     {@code sent}
   * @param rate recovered ÷ sent (null while nothing is settled)
   * @param rateInterval 95% Wilson interval of the rate (null while nothing is settled)
   * @param lift rate minus the holdout's rate (null while either has no settled orders)
   * @param liftInterval 95% Newcombe interval of the lift (null with the lift)
   * @param pending orders due by then whose outcome is still open (in no rate)
   */
  public record Point(
      LocalDate date, long sent, long recovered, Double rate, Interval rateInterval, Double lift, Interval liftInterval, long pending) {}

  /** The series of {@code days}, the arms' and the holdout's (arm null) together. */
  static ExperimentSeries of(StoredExperiment experiment, List<ExperimentRepository.DayCount> days, LocalDate from, LocalDate to) {
    return of(
        experiment, days.stream().filter(d -> d.arm() != null).toList(), days.stream().filter(d -> d.arm() == null).toList(), from, to);
  }

  static ExperimentSeries of(
      StoredExperiment experiment, List<ExperimentRepository.DayCount> armDays, List<ExperimentRepository.DayCount> holdoutDays,
      LocalDate from, LocalDate to) {
    List<Sum> holdout = cumulative(holdoutDays, from, to);
    List<Point> holdoutPoints = new ArrayList<>();
    for (int i = 0; i < holdout.size(); i++) {
      holdoutPoints.add(point(from.plusDays(i), holdout.get(i), Tally.EMPTY));
    }
    Map<String, List<ExperimentRepository.DayCount>> byArm = new HashMap<>();
    armDays.forEach(d -> byArm.computeIfAbsent(d.arm(), k -> new ArrayList<>()).add(d));
    List<Line> arms = new ArrayList<>();
    for (Arm arm : experiment.design().arms()) {
      List<Sum> sums = cumulative(byArm.getOrDefault(arm.id(), List.of()), from, to);
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < sums.size(); i++) {
        points.add(point(from.plusDays(i), sums.get(i), holdout.get(i).settled()));
      }
      arms.add(new Line(arm.id(), List.copyOf(points)));
    }
    return new ExperimentSeries(
        experiment.id(), experiment.name(), experiment.startedAt(), experiment.stoppedAt(), new Line("holdout", List.copyOf(holdoutPoints)),
        List.copyOf(arms));
  }

  /** Settled orders (the rate's tally) and pending ones up to the end of a day. */
  private record Sum(Tally settled, long pending) {}

  /** Per day of [from, to]: the counts of every day up to its end, the days before {@code from} included. */
  private static List<Sum> cumulative(List<ExperimentRepository.DayCount> days, LocalDate from, LocalDate to) {
    List<Sum> out = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      long sent = 0;
      long recovered = 0;
      long pending = 0;
      for (ExperimentRepository.DayCount c : days) {
        if (!c.day().isAfter(d)) {
          sent += c.sent();
          recovered += c.recovered();
          pending += c.pending();
        }
      }
      out.add(new Sum(new Tally(sent, recovered, 0, 0, 0), pending));
    }
    return out;
  }

  private static Point point(LocalDate date, Sum sum, Tally holdout) {
    Tally arm = sum.settled();
    if (arm.assigned() == 0) {
      return new Point(date, 0, 0, null, null, null, null, sum.pending());
    }
    double rate = (double) arm.recovered() / arm.assigned();
    Double lift = null;
    Interval liftInterval = null;
    if (holdout.assigned() > 0) {
      lift = rate - (double) holdout.recovered() / holdout.assigned();
      liftInterval = Interval.difference(arm.recovered(), arm.assigned(), holdout.recovered(), holdout.assigned());
    }
    return new Point(
        date, arm.assigned(), arm.recovered(), rate, Interval.wilson(arm.recovered(), arm.assigned()), lift, liftInterval, sum.pending());
  }
}
