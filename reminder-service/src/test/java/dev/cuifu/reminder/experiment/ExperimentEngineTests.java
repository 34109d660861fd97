package dev.cuifu.reminder.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The experiment engine on simulated buyers whose true payment probabilities are known. Every
 * random draw is seeded: these tests give the same result on every run.
 */
class ExperimentEngineTests {

  /** Buyers of each arm pay with the arm's true rate; held-out buyers with the holdout's. */
  private record Simulation(ExperimentDesign design, Map<String, Double> trueRates, double holdoutRate, long outcomeSeed) {

    Result run(int orders) {
      UniformRandomProvider outcomes = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {outcomeSeed, 17});
      Map<String, Tally> tallies = new HashMap<>();
      Tally holdout = Tally.EMPTY;
      for (int i = 0; i < orders; i++) {
        Assignment assignment = Allocator.assign(design, "order-" + outcomeSeed + "-" + i, tallies);
        if (assignment instanceof Assignment.ToArm to) {
          boolean paid = outcomes.nextDouble() < trueRates.get(to.arm().id());
          tallies.merge(to.arm().id(), Tally.EMPTY.plus(paid, 10_000, false, 1), ExperimentEngineTests::add);
        } else {
          holdout = holdout.plus(outcomes.nextDouble() < holdoutRate, 10_000, false, 0);
        }
      }
      return new Result(tallies, holdout);
    }
  }

  private record Result(Map<String, Tally> arms, Tally holdout) {
    ExperimentReport report(ExperimentDesign design) {
      return ExperimentStatistics.report(design, arms, holdout, 5.0);
    }
  }

  private static Tally add(Tally a, Tally b) {
    return new Tally(
        a.assigned() + b.assigned(), a.recovered() + b.recovered(), a.recoveredMinor() + b.recoveredMinor(),
        a.optOuts() + b.optOuts(), a.segments() + b.segments());
  }

  private static final List<Arm> THREE = List.of(Arm.of("gentle", 1), Arm.of("direct", 2), Arm.of("helpful", 3));

  @Test
  @DisplayName("Thompson sampling gives the best of three arms (4%, 8%, 12%) most orders, each arm keeps its floor, and the best is declared the winner")
  void thompsonConvergesOnTheBestArm() {
    ExperimentDesign design = new ExperimentDesign(42, 0.10, 200, THREE);
    Simulation simulation = new Simulation(design, Map.of("gentle", 0.04, "direct", 0.08, "helpful", 0.12), 0.02, 7);

    Result result = simulation.run(12_000);
    ExperimentReport report = result.report(design);

    long toArms = result.arms().values().stream().mapToLong(Tally::assigned).sum();
    long afterWarmUp = toArms - 3 * 200;
    long floor = Math.round(afterWarmUp * Allocator.EXPLORATION_SHARE / 3);
    assertThat(result.arms().get("helpful").assigned()).as("the best arm gets most orders once the minimum samples are in").isGreaterThan(toArms / 2);
    assertThat(result.arms().get("gentle").assigned())
        .as("the worst arm keeps its floor (an even share of %.0f%% of the orders) and little more", 100 * Allocator.EXPLORATION_SHARE)
        .isBetween(200 + floor * 9 / 10, 200 + floor * 13 / 10);
    assertThat(report.winner()).contains("helpful");
    assertThat(report.arm("helpful").leadInterval().lower()).as("its always-valid lead over the others is positive").isPositive();
    assertThat(report.arm("helpful").leadInterval().contains(0.04)).as("and covers the true lead of 4 points").isTrue();
    assertThat(report.arm("helpful").rateInterval().contains(0.12)).isTrue();
  }

  @Test
  @DisplayName("a 95% probability of being best is not a winner on its own: 15% vs 10% on 300 orders each stays open until the always-valid lead excludes 0")
  void probabilityBestAloneIsNotAWinner() {
    ExperimentDesign design = new ExperimentDesign(3, 0.10, 300, List.of(Arm.of("weak", 1), Arm.of("strong", 2)));
    Map<String, Tally> tallies = Map.of("weak", new Tally(300, 30, 0, 0, 300), "strong", new Tally(300, 45, 0, 0, 300));
    ExperimentReport report = ExperimentStatistics.report(design, tallies, new Tally(60, 3, 0, 0, 0), 5.0);

    assertThat(report.arm("strong").probabilityBest()).as("the rule before would have named it").isGreaterThan(0.95);
    assertThat(report.arm("strong").leadInterval().lower()).isNegative();
    assertThat(report.winner()).isEmpty();

    Map<String, Tally> more = Map.of("weak", new Tally(3_000, 300, 0, 0, 3_000), "strong", new Tally(3_000, 450, 0, 0, 3_000));
    assertThat(ExperimentStatistics.report(design, more, new Tally(600, 30, 0, 0, 0), 5.0).winner()).as("the same rates on ten times the orders").contains("strong");
  }

  @Test
  @DisplayName("every interval says what it is; the always-valid lift interval is wider than the fixed-sample one and contains it")
  void intervalsAreLabelled() {
    ExperimentDesign design = new ExperimentDesign(3, 0.10, 100, List.of(Arm.of("a", 1), Arm.of("b", 2)));
    Map<String, Tally> tallies = Map.of("a", new Tally(1_000, 80, 0, 0, 1_000), "b", new Tally(1_000, 60, 0, 0, 1_000));
    ExperimentReport report = ExperimentStatistics.report(design, tallies, new Tally(200, 6, 0, 0, 0), 5.0);

    ArmStatistics a = report.arm("a");
    assertThat(a.rateInterval().kind()).isEqualTo("fixed-sample 95% Wilson");
    assertThat(a.liftInterval().kind()).isEqualTo("fixed-sample 95% Newcombe");
    assertThat(report.holdoutInterval().kind()).isEqualTo("fixed-sample 95% Wilson");
    assertThat(a.alwaysValidLiftInterval().kind()).startsWith("always-valid 95%");
    assertThat(a.leadInterval().kind()).startsWith("always-valid 95%");
    assertThat(a.alwaysValidLiftInterval().lower()).isLessThan(a.liftInterval().lower());
    assertThat(a.alwaysValidLiftInterval().upper()).isGreaterThan(a.liftInterval().upper());
    assertThat(a.leadInterval().lower()).as("a's lead over b is the negative of b's lead over a").isCloseTo(-report.arm("b").leadInterval().upper(), within(1e-12));
    assertThat(report.winnerRule()).contains("always-valid");
  }

  /**
   * Measured here: the Wilson 95% interval covered the true rate in 7,603 of 8,000 repetitions
   * (95.0%) over rates 2%, 5%, 10%, 30% and samples of 100 and 400 orders (1,000 repetitions
   * each); the worst single combination covered 94.4%.
   */
  @Test
  @DisplayName("the 95% rate interval covers the true rate in 95.0% of 8,000 simulated repetitions (worst case 94.4%)")
  void rateIntervalCoverage() {
    UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {2026, 11});
    int covered = 0;
    int total = 0;
    double worst = 1;
    for (double p : new double[] {0.02, 0.05, 0.10, 0.30}) {
      for (int n : new int[] {100, 400}) {
        int coveredHere = 0;
        for (int rep = 0; rep < 1_000; rep++) {
          int successes = 0;
          for (int i = 0; i < n; i++) {
            successes += random.nextDouble() < p ? 1 : 0;
          }
          coveredHere += Interval.wilson(successes, n).contains(p) ? 1 : 0;
        }
        worst = Math.min(worst, coveredHere / 1_000.0);
        covered += coveredHere;
        total += 1_000;
      }
    }
    System.out.printf("Wilson coverage: %d of %d (%.1f%%), worst case %.1f%%%n", covered, total, 100.0 * covered / total, 100 * worst);
    assertThat(covered / (double) total).as("overall coverage").isGreaterThan(0.93);
    assertThat(worst).as("worst single case").isGreaterThan(0.90);
  }

  /**
   * Measured here: with a 10% holdout paying 3% on its own and an arm recovering 11% (true lift 8
   * points), the Newcombe 95% interval covered the true lift in 192 of 200 repetitions of 5,000
   * orders (96%).
   */
  @Test
  @DisplayName("lift over the holdout ≈ the true lift (8 points); its 95% interval covers it, and did in 192 of 200 repetitions")
  void holdoutLift() {
    ExperimentDesign design = new ExperimentDesign(9, 0.10, 100, List.of(Arm.of("only", 1)));
    ExperimentReport report = new Simulation(design, Map.of("only", 0.11), 0.03, 1).run(20_000).report(design);

    assertThat(report.holdoutOrders()).isCloseTo(2_000, within(150L));
    assertThat(report.holdoutRate()).isCloseTo(0.03, within(0.01));
    ArmStatistics arm = report.arm("only");
    assertThat(arm.lift()).isCloseTo(0.08, within(0.015));
    assertThat(arm.liftInterval().contains(0.08)).isTrue();
    assertThat(arm.liftInterval().lower()).as("the lift is clearly positive").isGreaterThan(0.05);

    int covered = 0;
    for (int rep = 0; rep < 200; rep++) {
      ExperimentDesign repeated = new ExperimentDesign(100 + rep, 0.10, 100, List.of(Arm.of("only", 1)));
      ArmStatistics again = new Simulation(repeated, Map.of("only", 0.11), 0.03, 1_000 + rep).run(5_000).report(repeated).arm("only");
      covered += again.liftInterval().contains(0.08) ? 1 : 0;
    }
    System.out.printf("Newcombe lift coverage: %d of 200%n", covered);
    assertThat(covered).isGreaterThanOrEqualTo(180);
  }

  @Test
  @DisplayName("no winner is declared before every arm has its minimum sample, however clear the difference")
  void noWinnerBeforeTheMinimumSample() {
    ExperimentDesign design = new ExperimentDesign(3, 0.10, 300, List.of(Arm.of("weak", 1), Arm.of("strong", 2)));
    Map<String, Tally> early = Map.of("weak", new Tally(150, 3, 30_000, 0, 150), "strong", new Tally(150, 45, 450_000, 0, 150));
    ExperimentReport before = ExperimentStatistics.report(design, early, new Tally(30, 1, 10_000, 0, 0), 5.0);
    assertThat(before.arm("strong").probabilityBest()).as("the evidence is already overwhelming").isGreaterThan(0.99);
    assertThat(before.arm("strong").reachedMinimum()).isFalse();
    assertThat(before.winner()).isEmpty();

    Map<String, Tally> enough = Map.of("weak", new Tally(300, 6, 60_000, 0, 300), "strong", new Tally(300, 90, 900_000, 0, 300));
    assertThat(ExperimentStatistics.report(design, enough, new Tally(60, 2, 20_000, 0, 0), 5.0).winner()).contains("strong");

    Map<String, Tally> close = Map.of("weak", new Tally(300, 30, 0, 0, 300), "strong", new Tally(300, 33, 0, 0, 300));
    assertThat(ExperimentStatistics.report(design, close, Tally.EMPTY, 5.0).winner()).as("not enough evidence").isEmpty();
  }

  @Test
  @DisplayName("a retired arm receives nothing new; a pinned arm receives everything not held out")
  void retiredAndPinnedArms() {
    ExperimentDesign design = new ExperimentDesign(5, 0.10, 50, THREE);
    Simulation simulation = new Simulation(design, Map.of("gentle", 0.04, "direct", 0.08, "helpful", 0.12), 0.02, 3);
    Map<String, Tally> tallies = new HashMap<>(simulation.run(600).arms());
    assertThat(tallies.get("direct").assigned()).isPositive();

    ExperimentDesign retired = design.with("direct", Arm.State.RETIRED);
    long holdout = 0;
    for (int i = 0; i < 2_000; i++) {
      Assignment a = Allocator.assign(retired, "after-retire-" + i, tallies);
      if (a instanceof Assignment.ToArm to) {
        assertThat(to.arm().id()).as("order %d", i).isNotEqualTo("direct");
      } else {
        holdout++;
      }
    }
    assertThat(holdout).as("the holdout is kept").isBetween(150L, 250L);
    ExperimentReport report = ExperimentStatistics.report(retired, tallies, Tally.EMPTY, 5.0);
    assertThat(report.arm("direct").sent()).as("its results stay").isEqualTo(tallies.get("direct").assigned());
    assertThat(report.arm("direct").probabilityBest()).isZero();

    ExperimentDesign pinned = design.with("gentle", Arm.State.PINNED);
    for (int i = 0; i < 2_000; i++) {
      Assignment a = Allocator.assign(pinned, "after-pin-" + i, tallies);
      if (a instanceof Assignment.ToArm to) {
        assertThat(to.arm().id()).isEqualTo("gentle");
      }
    }
  }

  @Test
  @DisplayName("assignment is reproducible: the same order and seed give the same arm; holdout membership ignores results")
  void reproducibleAssignment() {
    ExperimentDesign design = new ExperimentDesign(77, 0.10, 10, THREE);
    Map<String, Tally> tallies = Map.of("gentle", new Tally(100, 2, 0, 0, 100), "direct", new Tally(100, 9, 0, 0, 100), "helpful", new Tally(100, 12, 0, 0, 100));
    int held = 0;
    int differentWithOtherSeed = 0;
    int heldOutByBothSeeds = 0;
    ExperimentDesign otherSeed = new ExperimentDesign(78, 0.10, 10, THREE);
    for (int i = 0; i < 10_000; i++) {
      String order = "TB" + i;
      Assignment first = Allocator.assign(design, order, tallies);
      assertThat(Allocator.assign(design, order, tallies)).isEqualTo(first);
      assertThat(Allocator.assign(design, order, Map.of()) instanceof Assignment.Holdout)
          .as("held out or not, whatever the tallies")
          .isEqualTo(first instanceof Assignment.Holdout);
      held += first instanceof Assignment.Holdout ? 1 : 0;
      Assignment withOtherSeed = Allocator.assign(otherSeed, order, tallies);
      differentWithOtherSeed += first.equals(withOtherSeed) ? 0 : 1;
      heldOutByBothSeeds += first instanceof Assignment.Holdout && withOtherSeed instanceof Assignment.Holdout ? 1 : 0;
    }
    assertThat(held).as("10% holdout").isBetween(900, 1_100);
    assertThat(differentWithOtherSeed).as("another seed assigns differently").isGreaterThan(1_000);
    assertThat(heldOutByBothSeeds)
        .as("another seed holds out an unrelated set: about 10% of 10% of the orders, not the same 10%")
        .isBetween(50, 200);
  }

  @Test
  @DisplayName("cost is segments × price and return on cost is recovered ÷ cost; a clearly worse opt-out rate is flagged")
  void costAndGuardrail() {
    ExperimentDesign design = new ExperimentDesign(1, 0.10, 100, List.of(Arm.of("long", 1), Arm.of("short", 2)));
    Map<String, Tally> tallies =
        Map.of(
            "long", new Tally(1_000, 60, 600_000, 40, 3_000),
            "short", new Tally(1_000, 50, 500_000, 5, 1_000));
    ExperimentReport report = ExperimentStatistics.report(design, tallies, new Tally(200, 4, 40_000, 0, 0), 5.0);

    ArmStatistics longArm = report.arm("long");
    assertThat(longArm.messages()).isEqualTo(1_000);
    assertThat(longArm.costMinor()).isEqualTo(15_000.0);
    assertThat(longArm.returnOnCost()).isCloseTo(40.0, within(1e-9));
    assertThat(report.arm("short").returnOnCost()).as("fewer segments pay for themselves better").isCloseTo(100.0, within(1e-9));
    assertThat(longArm.optOutRate()).isEqualTo(0.04);
    assertThat(longArm.optOutFlag()).isTrue();
    assertThat(report.arm("short").optOutFlag()).isFalse();
  }
}
