package dev.cuifu.reminder.experiment;

import org.junit.jupiter.api.Test;

class ExperimentMonteCarloTests {
  @Test
  void grid() {
    for (double tau : new double[] {0.01, 0.03, 0.05}) {
      WinnerRule.MIXING_VARIANCE = tau * tau;
      for (double floor : new double[] {0.3, 0.5}) {
        System.out.println("tau " + tau + " floor " + floor);
        var s = ExperimentMonteCarlo.run(ExperimentMonteCarlo.DEMO, new ExperimentMonteCarlo.Settings(ExperimentMonteCarlo.Rule.ALWAYS_VALID, floor, 40, 5_000, 50, 1));
        System.out.print(s.describe(1000, 2000, 5000));
        s = ExperimentMonteCarlo.run(ExperimentMonteCarlo.SMALL_LIFTS, new ExperimentMonteCarlo.Settings(ExperimentMonteCarlo.Rule.ALWAYS_VALID, floor, 20, 50_000, 50, 1));
        System.out.print(s.describe(20000, 50000));
      }
    }
  }
}
