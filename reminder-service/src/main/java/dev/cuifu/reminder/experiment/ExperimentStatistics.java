package dev.cuifu.reminder.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.ContinuousDistribution;

/** Computes an experiment's report from its tallies; {@link WinnerRule} names the winner. */
public final class ExperimentStatistics {

  /** Monte Carlo draws for the probability of being best: its error is below 0.5 percentage points. */
  public static final int DRAWS = 20_000;

  private ExperimentStatistics() {}

  /**
   * @param arms tallies by arm id (an arm without one has no orders yet)
   * @param holdout the holdout's tally
   * @param pricePerSegmentMinor what one SMS segment costs the shop, in minor units (may be fractional)
   */
  public static ExperimentReport report(ExperimentDesign design, Map<String, Tally> arms, Tally holdout, double pricePerSegmentMinor) {
    double[] best = probabilityBest(design, arms);
    WinnerRule.Decision decision = WinnerRule.decide(design, arms);
    List<ArmStatistics> stats = new ArrayList<>();
    for (int i = 0; i < design.arms().size(); i++) {
      Arm arm = design.arms().get(i);
      Tally t = Allocator.tally(arms, arm);
      double rate = t.assigned() == 0 ? 0 : (double) t.recovered() / t.assigned();
      Double lift = null;
      Interval liftInterval = null;
      Interval alwaysValidLift = null;
      if (holdout.assigned() > 0 && t.assigned() > 0) {
        lift = rate - (double) holdout.recovered() / holdout.assigned();
        liftInterval = Interval.difference(t.recovered(), t.assigned(), holdout.recovered(), holdout.assigned());
        alwaysValidLift = WinnerRule.lift(t, holdout);
      }
      double cost = t.segments() * pricePerSegmentMinor;
      stats.add(
          new ArmStatistics(
              arm.id(), arm.state(), t.assigned(), t.recovered(), rate, Interval.wilson(t.recovered(), t.assigned()),
              t.recoveredMinor(), lift, liftInterval, best[i],
              t.assigned() == 0 ? 0 : (double) t.optOuts() / t.assigned(), optOutFlag(design, arms, arm),
              t.segments(), cost, cost > 0 ? t.recoveredMinor() / cost : null,
              t.assigned() >= design.minSamplePerArm(), alwaysValidLift, decision.leads().get(arm.id())));
    }
    double holdoutRate = holdout.assigned() == 0 ? 0 : (double) holdout.recovered() / holdout.assigned();
    return new ExperimentReport(
        holdout.assigned(), holdout.recovered(), holdoutRate, Interval.wilson(holdout.recovered(), holdout.assigned()),
        List.copyOf(stats), decision.winner(), ExperimentReport.WINNER_RULE);
  }

  /** Per arm (design order): share of posterior draws in which it is the best open arm. */
  static double[] probabilityBest(ExperimentDesign design, Map<String, Tally> arms) {
    List<Arm> all = design.arms();
    double[] wins = new double[all.size()];
    List<Integer> open = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).state() != Arm.State.RETIRED) {
        open.add(i);
      }
    }
    if (open.isEmpty()) {
      return wins;
    }
    UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {design.seed(), 0x5eedL});
    List<ContinuousDistribution.Sampler> samplers =
        open.stream().<ContinuousDistribution.Sampler>map(i -> Allocator.posterior(Allocator.tally(arms, all.get(i))).createSampler(random)).toList();
    for (int draw = 0; draw < DRAWS; draw++) {
      int winner = -1;
      double top = -1;
      for (int k = 0; k < open.size(); k++) {
        double x = samplers.get(k).sample();
        if (x > top) {
          top = x;
          winner = open.get(k);
        }
      }
      wins[winner]++;
    }
    for (int i = 0; i < wins.length; i++) {
      wins[i] /= DRAWS;
    }
    return wins;
  }

  /** Clearly worse: the arm's 95% interval lies entirely above the other arms' pooled interval. */
  private static boolean optOutFlag(ExperimentDesign design, Map<String, Tally> arms, Arm arm) {
    long otherSent = 0;
    long otherOptOuts = 0;
    for (Arm other : design.arms()) {
      if (!other.id().equals(arm.id())) {
        otherSent += Allocator.tally(arms, other).assigned();
        otherOptOuts += Allocator.tally(arms, other).optOuts();
      }
    }
    Tally own = Allocator.tally(arms, arm);
    if (otherSent == 0 || own.assigned() == 0) {
      return false;
    }
    return Interval.wilson(own.optOuts(), own.assigned()).lower() > Interval.wilson(otherOptOuts, otherSent).upper();
  }
}
