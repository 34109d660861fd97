package dev.cuifu.reminder.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.reminder.experiment.ExperimentMonteCarlo.Rule;
import dev.cuifu.reminder.experiment.ExperimentMonteCarlo.Settings;
import dev.cuifu.reminder.experiment.ExperimentMonteCarlo.Summary;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The winner rule under continuous monitoring (read every 50 orders), at CI size: a few hundred
 * repetitions in all, about a minute on one core. The assertions are the targets themselves on the
 * observed shares; each printed figure carries its 95% binomial interval, which at these counts is
 * a few points wide (the full run, {@code -Dcuifu.montecarlo.full=true}, narrows it; its figures
 * are in docs/experiments.md).
 */
class ExperimentMonteCarloTests {

  private static final long SEED = 2026;

  @Test
  @DisplayName("A/A (three arms at 4%, holdout 2.5%), read every 50 orders: a winner is named in at most 5% of 100 runs of 100,000 orders")
  void aaFalseWinners() {
    Summary aa = ExperimentMonteCarlo.run(ExperimentMonteCarlo.AA, new Settings(Rule.ALWAYS_VALID, Allocator.EXPLORATION_SHARE, 100, 100_000, 50, SEED));
    System.out.print(aa.describe(20_000, 100_000));
    assertThat(aa.wrong(100_000)).as("A/A runs naming a winner").isLessThanOrEqualTo(5);
  }

  @Test
  @DisplayName("demo (10/18/30% vs 5%, minimum 40, holdout 10%): the 30% arm is named in ≥ 95% of 200 runs, a median of under 2,500 orders (≈ 20 min at 2 orders/s)")
  void demoFindsItsWinner() {
    Summary demo = ExperimentMonteCarlo.run(ExperimentMonteCarlo.DEMO, new Settings(Rule.ALWAYS_VALID, Allocator.EXPLORATION_SHARE, 200, 5_000, 50, SEED));
    System.out.print(demo.describe(1_000, 2_000, 5_000));
    assertThat(demo.correct(5_000)).as("runs naming the 30% arm by 5,000 orders").isGreaterThanOrEqualTo(190);
    assertThat(demo.wrong(5_000)).as("runs naming another arm").isLessThanOrEqualTo(10);
    assertThat(demo.medianOrdersToDecision()).isLessThan(2_500);
    assertThat(demo.alwaysValidCovered() / (double) demo.alwaysValidIntervals()).as("always-valid coverage at declaration").isGreaterThanOrEqualTo(0.93);
    assertThat(demo.regretVsEven()).as("regret as a share of an even split's").isLessThanOrEqualTo(0.70);
  }

  @Test
  @DisplayName("small lifts (3.5/4.0/5.0% vs 2.5%): the 5% arm is named in ≥ 40% of 40 runs by 50,000 orders, never a wrong one; coverage ≥ 93%; regret ≥ 30% below an even split")
  void smallLifts() {
    Summary small = ExperimentMonteCarlo.run(ExperimentMonteCarlo.SMALL_LIFTS, new Settings(Rule.ALWAYS_VALID, Allocator.EXPLORATION_SHARE, 40, 50_000, 50, SEED));
    System.out.print(small.describe(20_000, 50_000));
    assertThat(small.correct(50_000)).as("power by 50,000 orders").isGreaterThanOrEqualTo(16);
    assertThat(small.wrong(50_000)).as("runs naming a worse arm").isLessThanOrEqualTo(2);
    assertThat(small.alwaysValidCovered() / (double) small.alwaysValidIntervals()).as("always-valid coverage at declaration").isGreaterThanOrEqualTo(0.93);
    assertThat(small.regretVsEven()).as("regret as a share of an even split's").isLessThanOrEqualTo(0.70);
  }

  @Test
  @EnabledIfSystemProperty(named = "cuifu.montecarlo.full", matches = "true")
  @DisplayName("full run: every scenario and candidate rule, the figures of docs/experiments.md")
  void fullRun() {
    ExperimentMonteCarlo.FullRun.print(System.out::print);
  }
}
