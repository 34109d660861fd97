package dev.cuifu.reminder.experiment;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * An interval with what it is: {@code kind} says whether it holds for one look at a fixed sample
 * (read once, at a sample size chosen in advance) or for every look (always-valid: it may be read
 * after every order and still covers with its stated probability).
 */
public record Interval(double lower, double upper, String kind) {

  static final String WILSON = "fixed-sample 95% Wilson";
  static final String NEWCOMBE = "fixed-sample 95% Newcombe";

  /** The normal quantile of 97.5%: 1.95996… */
  static final double Z = NormalDistribution.of(0, 1).inverseCumulativeProbability(0.975);

  public boolean contains(double value) {
    return lower <= value && value <= upper;
  }

  /**
   * The Wilson score interval of a proportion {@code successes / trials}: unlike the textbook
   * "p ± 1.96·SE" it stays within [0, 1] and keeps close to 95% coverage for the small rates and
   * samples reminders have (a few percent of a few hundred orders). No trials: [0, 1].
   */
  static Interval wilson(long successes, long trials) {
    if (trials == 0) {
      return new Interval(0, 1, WILSON);
    }
    double n = trials;
    double p = successes / n;
    double z2 = Z * Z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = Z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    return new Interval(Math.max(0, centre - half), Math.min(1, centre + half), WILSON);
  }

  /**
   * Newcombe's hybrid score interval (1998, method 10) for the difference of two proportions
   * {@code p1 - p0}, built from their Wilson intervals; it keeps near-nominal coverage where the
   * Wald difference interval does not (small rates, unequal groups such as a 10% holdout).
   */
  static Interval difference(long successes1, long trials1, long successes0, long trials0) {
    double p1 = trials1 == 0 ? 0 : (double) successes1 / trials1;
    double p0 = trials0 == 0 ? 0 : (double) successes0 / trials0;
    Interval w1 = wilson(successes1, trials1);
    Interval w0 = wilson(successes0, trials0);
    double d = p1 - p0;
    double lower = d - Math.sqrt(square(p1 - w1.lower) + square(w0.upper - p0));
    double upper = d + Math.sqrt(square(w1.upper - p1) + square(p0 - w0.lower));
    return new Interval(Math.max(-1, lower), Math.min(1, upper), NEWCOMBE);
  }

  private static double square(double x) {
    return x * x;
  }
}
