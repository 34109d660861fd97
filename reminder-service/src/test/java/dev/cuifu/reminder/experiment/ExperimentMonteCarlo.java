package dev.cuifu.reminder.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.ContinuousDistribution;

/**
 * The experiment engine under continuous monitoring: simulated buyers with known true rates go
 * through {@link Allocator#assign}, and the winner is read every {@code lookEvery} orders, as a shop
 * refreshing its dashboard would. Counts how often a winner is named and whether it is the true
 * best, whether the intervals shown at that moment cover the truth, and the regret (recoveries
 * lost to worse arms) against an even split. Every draw is seeded: the same settings print the same
 * figures.
 *
 * <p>{@code ExperimentMonteCarloTests} runs it at CI size and asserts the targets; with {@code
 * -Dcuifu.montecarlo.full=true} it runs the full size (see docs/experiments.md).
 */
final class ExperimentMonteCarlo {

  /** How a winner is named. */
  enum Rule {
    /** {@link WinnerRule}: always-valid lead interval above 0 (what the service uses). */
    ALWAYS_VALID,
    /** The rule before: P(best) ≥ 0.95 with every minimum sample (2,000 draws here). */
    POSTERIOR_95,
    /** P(best) ≥ 0.98 and expected loss E[max p − p_leader] ≤ 0.0001 (2,000 draws here). */
    POSTERIOR_98_LOSS
  }

  /**
   * @param rates each arm's true recovery rate
   * @param paymentLag orders placed between an order's touch and its payment showing in the tally
   *     (0: at once)
   */
  record Scenario(String name, double[] rates, double holdoutRate, double holdoutShare, int minSample, int paymentLag) {

    /** The best arm, or -1 when all arms are equal (an A/A test: any winner is false). */
    int best() {
      int best = 0;
      for (int k = 1; k < rates.length; k++) {
        if (rates[k] > rates[best]) {
          best = k;
        }
      }
      double top = rates[best];
      return Arrays.stream(rates).filter(r -> r == top).count() > 1 ? -1 : best;
    }

    double topRate() {
      return Arrays.stream(rates).max().orElseThrow();
    }

    double meanRate() {
      return Arrays.stream(rates).average().orElseThrow();
    }
  }

  record Settings(Rule rule, double explorationShare, int repetitions, int horizon, int lookEvery, long seed) {}

  /** One repetition: when and what was named (declaredAt 0: never), coverage counts at that moment. */
  record Outcome(
      int declaredAt, int declaredArm, int alwaysValidIntervals, int alwaysValidCovered, int fixedIntervals, int fixedCovered,
      double regret, long armOrders) {}

  /** A run's figures. */
  record Summary(Scenario scenario, Settings settings, List<Outcome> outcomes) {

    /** Repetitions that named a wrong arm (A/A: any arm) within {@code orders}. */
    long wrong(int orders) {
      return outcomes.stream().filter(o -> o.declaredAt() > 0 && o.declaredAt() <= orders && o.declaredArm() != scenario.best()).count();
    }

    long correct(int orders) {
      return outcomes.stream().filter(o -> o.declaredAt() > 0 && o.declaredAt() <= orders && o.declaredArm() == scenario.best()).count();
    }

    int repetitions() {
      return outcomes.size();
    }

    Interval share(long count) {
      return Interval.wilson(count, outcomes.size());
    }

    long alwaysValidIntervals() {
      return outcomes.stream().mapToLong(Outcome::alwaysValidIntervals).sum();
    }

    long alwaysValidCovered() {
      return outcomes.stream().mapToLong(Outcome::alwaysValidCovered).sum();
    }

    long fixedIntervals() {
      return outcomes.stream().mapToLong(Outcome::fixedIntervals).sum();
    }

    long fixedCovered() {
      return outcomes.stream().mapToLong(Outcome::fixedCovered).sum();
    }

    /** Regret as a share of an even split's over the same arm orders (1 = no better than even). */
    double regretVsEven() {
      double regret = outcomes.stream().mapToDouble(Outcome::regret).sum();
      double even = outcomes.stream().mapToDouble(o -> o.armOrders() * (scenario.topRate() - scenario.meanRate())).sum();
      return even == 0 ? 0 : regret / even;
    }

    /** Median orders until a winner was named, among the repetitions that named one (0: none did). */
    int medianOrdersToDecision() {
      int[] at = outcomes.stream().mapToInt(Outcome::declaredAt).filter(a -> a > 0).sorted().toArray();
      return at.length == 0 ? 0 : at[at.length / 2];
    }

    String describe(int... checkpoints) {
      StringBuilder out = new StringBuilder();
      Settings s = settings;
      out.append(
          String.format(
              Locale.ROOT, "%s | %s, floor %.0f%%, %d reps, look every %d orders, min sample %d, holdout %.0f%%%s%n",
              scenario.name(), s.rule(), 100 * s.explorationShare(), repetitions(), s.lookEvery(), scenario.minSample(),
              100 * scenario.holdoutShare(), scenario.paymentLag() > 0 ? ", payments " + scenario.paymentLag() + " orders late" : ""));
      for (int n : checkpoints) {
        out.append(
            String.format(
                Locale.ROOT, "  by %,7d orders: wrong winner %s   correct winner %s%n", n, percent(wrong(n)), percent(correct(n))));
      }
      out.append(
          String.format(
              Locale.ROOT, "  coverage at declaration: always-valid %s of %d, fixed-sample %s of %d%n",
              ratio(alwaysValidCovered(), alwaysValidIntervals()), alwaysValidIntervals(), ratio(fixedCovered(), fixedIntervals()),
              fixedIntervals()));
      out.append(
          String.format(
              Locale.ROOT, "  regret vs even split: %.0f%% (%.0f%% below)   median orders to decision: %,d%n", 100 * regretVsEven(),
              100 * (1 - regretVsEven()), medianOrdersToDecision()));
      return out.toString();
    }

    private String percent(long count) {
      Interval i = share(count);
      return String.format(Locale.ROOT, "%5.1f%% [%4.1f, %4.1f]", 100.0 * count / repetitions(), 100 * i.lower(), 100 * i.upper());
    }

    private static String ratio(long covered, long total) {
      if (total == 0) {
        return "n/a";
      }
      Interval i = Interval.wilson(covered, total);
      return String.format(Locale.ROOT, "%.1f%% [%.1f, %.1f]", 100.0 * covered / total, 100 * i.lower(), 100 * i.upper());
    }
  }

  static final Scenario AA = new Scenario("A/A 4/4/4% vs 2.5%", new double[] {0.04, 0.04, 0.04}, 0.025, 0.10, 200, 0);
  static final Scenario DEMO = new Scenario("demo 10/18/30% vs 5%", new double[] {0.10, 0.18, 0.30}, 0.05, 0.10, 40, 0);
  static final Scenario SMALL_LIFTS = new Scenario("small lifts 3.5/4.0/5.0% vs 2.5%", new double[] {0.035, 0.04, 0.05}, 0.025, 0.10, 200, 0);
  static final Scenario AA_LATE =
      new Scenario("A/A 4/4/4% vs 2.5%", new double[] {0.04, 0.04, 0.04}, 0.025, 0.10, 200, 2_000);
  static final Scenario SMALL_LIFTS_LATE =
      new Scenario("small lifts 3.5/4.0/5.0% vs 2.5%", new double[] {0.035, 0.04, 0.05}, 0.025, 0.10, 200, 2_000);

  private static final int POSTERIOR_DRAWS = 2_000;

  private ExperimentMonteCarlo() {}

  static Summary run(Scenario scenario, Settings settings) {
    List<Outcome> outcomes = new ArrayList<>();
    for (int rep = 0; rep < settings.repetitions(); rep++) {
      outcomes.add(simulate(scenario, settings, rep));
    }
    return new Summary(scenario, settings, outcomes);
  }

  static Outcome simulate(Scenario scenario, Settings settings, int rep) {
    int armCount = scenario.rates().length;
    List<Arm> arms = new ArrayList<>();
    for (int k = 0; k < armCount; k++) {
      arms.add(Arm.of("arm" + k, k + 1));
    }
    ExperimentDesign design = new ExperimentDesign(settings.seed() * 1_000_003L + rep, scenario.holdoutShare(), scenario.minSample(), arms);
    UniformRandomProvider buyers = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {settings.seed(), rep});
    UniformRandomProvider posterior = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {settings.seed(), rep, 3});
    long[] sent = new long[armCount + 1]; // the last slot is the holdout
    long[] paid = new long[armCount + 1];
    int lag = scenario.paymentLag();
    int[] pending = new int[Math.max(1, lag)]; // per order: slot + 1 when it will pay, 0 otherwise
    Map<String, Tally> tallies = new HashMap<>();
    double top = scenario.topRate();
    double regret = 0;
    long armOrders = 0;
    for (int i = 0; i < settings.horizon(); i++) {
      if (lag > 0 && pending[i % lag] > 0) {
        int slot = pending[i % lag] - 1;
        paid[slot]++;
        update(tallies, slot, armCount, sent, paid);
      }
      Assignment assignment = Allocator.assign(design, "o" + i, tallies, settings.explorationShare());
      int slot = armCount;
      double rate = scenario.holdoutRate();
      if (assignment instanceof Assignment.ToArm to) {
        slot = arms.indexOf(to.arm());
        rate = scenario.rates()[slot];
        regret += top - rate;
        armOrders++;
      }
      boolean pays = buyers.nextDouble() < rate;
      sent[slot]++;
      if (lag == 0) {
        paid[slot] += pays ? 1 : 0;
      } else {
        pending[i % lag] = pays ? slot + 1 : 0;
      }
      update(tallies, slot, armCount, sent, paid);
      int orders = i + 1;
      if (orders % settings.lookEvery() == 0) {
        int winner = winner(settings.rule(), design, tallies, posterior);
        if (winner >= 0) {
          return declared(scenario, design, tallies, orders, winner, regret, armOrders, settings, rep);
        }
      }
    }
    return new Outcome(0, -1, 0, 0, 0, 0, regret, armOrders);
  }

  /**
   * A winner was named: the coverage of the intervals shown at that moment, then the rest of the
   * horizon run on (allocation only, no more looks) for the regret.
   */
  private static Outcome declared(
      Scenario scenario, ExperimentDesign design, Map<String, Tally> tallies, int at, int winner, double regretSoFar, long armOrdersSoFar,
      Settings settings, int rep) {
    Tally holdout = tallies.getOrDefault("holdout", Tally.EMPTY);
    int avIntervals = 0;
    int avCovered = 0;
    int fixedIntervals = 0;
    int fixedCovered = 0;
    WinnerRule.Decision decision = WinnerRule.decide(design, tallies);
    for (int k = 0; k < scenario.rates().length; k++) {
      Tally t = tallies.getOrDefault("arm" + k, Tally.EMPTY);
      double trueLift = scenario.rates()[k] - scenario.holdoutRate();
      if (holdout.assigned() > 0 && t.assigned() > 0) {
        avIntervals++;
        avCovered += WinnerRule.lift(t, holdout).contains(trueLift) ? 1 : 0;
        fixedIntervals++;
        fixedCovered += Interval.difference(t.recovered(), t.assigned(), holdout.recovered(), holdout.assigned()).contains(trueLift) ? 1 : 0;
      }
    }
    Interval lead = decision.leads().get("arm" + winner);
    if (lead != null) {
      double otherTop = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < scenario.rates().length; k++) {
        otherTop = k == winner ? otherTop : Math.max(otherTop, scenario.rates()[k]);
      }
      avIntervals++;
      avCovered += lead.contains(scenario.rates()[winner] - otherTop) ? 1 : 0;
    }
    // The regret of the remaining orders: the allocator goes on as before (the shop has not pinned;
    // payments from here on show at once). An A/A test has no regret: its arms are equal.
    double regret = regretSoFar;
    long armOrders = armOrdersSoFar;
    if (scenario.best() >= 0) {
      Outcome rest = continueAllocation(scenario, design, tallies, at, settings, rep);
      regret += rest.regret();
      armOrders += rest.armOrders();
    }
    return new Outcome(at, winner, avIntervals, avCovered, fixedIntervals, fixedCovered, regret, armOrders);
  }

  private static Outcome continueAllocation(
      Scenario scenario, ExperimentDesign design, Map<String, Tally> start, int from, Settings settings, int rep) {
    int armCount = scenario.rates().length;
    long[] sent = new long[armCount + 1];
    long[] paid = new long[armCount + 1];
    Map<String, Tally> tallies = new HashMap<>(start);
    for (int k = 0; k <= armCount; k++) {
      Tally t = tallies.getOrDefault(k == armCount ? "holdout" : "arm" + k, Tally.EMPTY);
      sent[k] = t.assigned();
      paid[k] = t.recovered();
    }
    UniformRandomProvider buyers = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {settings.seed(), rep, 5});
    double regret = 0;
    long armOrders = 0;
    for (int i = from; i < settings.horizon(); i++) {
      Assignment assignment = Allocator.assign(design, "o" + i, tallies, settings.explorationShare());
      int slot = armCount;
      double rate = scenario.holdoutRate();
      if (assignment instanceof Assignment.ToArm to) {
        slot = Integer.parseInt(to.arm().id().substring(3));
        rate = scenario.rates()[slot];
        regret += scenario.topRate() - rate;
        armOrders++;
      }
      sent[slot]++;
      paid[slot] += buyers.nextDouble() < rate ? 1 : 0;
      update(tallies, slot, armCount, sent, paid);
    }
    return new Outcome(0, -1, 0, 0, 0, 0, regret, armOrders);
  }

  private static void update(Map<String, Tally> tallies, int slot, int armCount, long[] sent, long[] paid) {
    tallies.put(slot == armCount ? "holdout" : "arm" + slot, new Tally(sent[slot], paid[slot], 0, 0, 0));
  }

  /** The arm the rule names now, or -1. */
  static int winner(Rule rule, ExperimentDesign design, Map<String, Tally> tallies, UniformRandomProvider random) {
    return switch (rule) {
      case ALWAYS_VALID -> WinnerRule.decide(design, tallies).winner().map(id -> Integer.parseInt(id.substring(3))).orElse(-1);
      case POSTERIOR_95 -> posterior(design, tallies, random, 0.95, Double.POSITIVE_INFINITY);
      case POSTERIOR_98_LOSS -> posterior(design, tallies, random, 0.98, 0.0001);
    };
  }

  private static int posterior(ExperimentDesign design, Map<String, Tally> tallies, UniformRandomProvider random, double threshold, double maxLoss) {
    List<Arm> arms = design.arms();
    for (Arm arm : arms) {
      if (Allocator.tally(tallies, arm).assigned() < design.minSamplePerArm()) {
        return -1;
      }
    }
    List<ContinuousDistribution.Sampler> samplers = arms.stream().map(a -> Allocator.posterior(Allocator.tally(tallies, a)).createSampler(random)).toList();
    int[] wins = new int[arms.size()];
    double[] loss = new double[arms.size()];
    double[] x = new double[arms.size()];
    for (int d = 0; d < POSTERIOR_DRAWS; d++) {
      int best = 0;
      for (int k = 0; k < x.length; k++) {
        x[k] = samplers.get(k).sample();
        best = x[k] > x[best] ? k : best;
      }
      wins[best]++;
      for (int k = 0; k < x.length; k++) {
        loss[k] += x[best] - x[k];
      }
    }
    for (int k = 0; k < wins.length; k++) {
      if (wins[k] >= threshold * POSTERIOR_DRAWS && loss[k] / POSTERIOR_DRAWS <= maxLoss) {
        return k;
      }
    }
    return -1;
  }

  /** The full run: {@code -Dcuifu.montecarlo.full=true} on ExperimentMonteCarloTests, or this main on the test classpath. */
  public static void main(String[] args) {
    FullRun.print(System.out::print);
  }

  /** The figures docs/experiments.md shows. */
  static final class FullRun {
    private FullRun() {}

    static void print(java.util.function.Consumer<String> out) {
      int reps = Integer.getInteger("cuifu.montecarlo.reps", 1_000);
      long seed = 2026;
      for (Rule rule : Rule.values()) {
        int r = rule == Rule.ALWAYS_VALID ? reps : Math.max(100, reps / 5);
        out.accept(run(AA, new Settings(rule, Allocator.EXPLORATION_SHARE, r, 100_000, 50, seed)).describe(20_000, 50_000, 100_000));
        out.accept(run(SMALL_LIFTS, new Settings(rule, Allocator.EXPLORATION_SHARE, r, 50_000, 50, seed)).describe(20_000, 50_000));
      }
      out.accept(run(DEMO, new Settings(Rule.ALWAYS_VALID, Allocator.EXPLORATION_SHARE, reps, 20_000, 50, seed)).describe(1_000, 2_000, 5_000, 20_000));
      out.accept(run(SMALL_LIFTS, new Settings(Rule.ALWAYS_VALID, 0, reps / 5, 50_000, 50, seed)).describe(20_000, 50_000));
      out.accept(run(DEMO, new Settings(Rule.ALWAYS_VALID, 0, reps / 5, 20_000, 50, seed)).describe(1_000, 2_000, 5_000, 20_000));
      out.accept(run(AA_LATE, new Settings(Rule.ALWAYS_VALID, Allocator.EXPLORATION_SHARE, reps / 5, 100_000, 50, seed)).describe(20_000, 100_000));
      out.accept(run(SMALL_LIFTS_LATE, new Settings(Rule.ALWAYS_VALID, Allocator.EXPLORATION_SHARE, reps / 5, 50_000, 50, seed)).describe(20_000, 50_000));
    }
  }
}
