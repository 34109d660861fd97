package dev.cuifu.simulator;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * What the synthetic buyers would do: a buyer who gets an arm's SMS pays with that arm's
 * probability, one who gets none pays with the base probability, so an arm's true lift is its
 * probability minus the base. Every choice of buyer {@code n} comes from a generator seeded with
 * the model's seed and {@code n}: the same seed gives the same buyers, whatever the system does.
 *
 * @param seed makes the buyers reproducible
 * @param baseProbability pays without a reminder (what the holdout measures)
 * @param variants the arms; several may share a wording and differ by delay
 */
public record BuyerModel(long seed, double baseProbability, List<Variant> variants) {

  private static final String[] ITEMS = {"羊毛围巾 红色", "手机壳", "保温杯 500ml", "真丝眼罩", "蓝牙耳机", "帆布包"};

  public BuyerModel {
    checkProbability(baseProbability, "the base probability");
    variants = List.copyOf(variants);
    if (variants.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one variant");
    }
  }

  /**
   * One buyer's fixed draws: {@code propensity} decides whether they pay (they do when it is below
   * the probability of what happened to them: common random numbers, so a buyer who would pay
   * after a weak wording also pays after a stronger one), {@code reaction} how soon they act.
   */
  public record Buyer(long index, long amountMinor, String item, double propensity, double reaction) {

    public boolean pays(double probability) {
      return propensity < probability;
    }
  }

  public Buyer buyer(long index) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    long amountMinor = 1990 + random.nextLong(38_000); // 19.90 … 399.89: below the demo shop's phone-task threshold
    String item = ITEMS[random.nextInt(ITEMS.length)];
    return new Buyer(index, amountMinor, item, random.nextDouble(), random.nextDouble());
  }

  /**
   * The arm whose SMS this is: its marker in the text and, among arms sharing the wording, the one
   * whose delay is nearest to how long after the order the SMS came; empty for a text of no arm.
   */
  public Optional<Variant> recognise(String text, Duration afterOrder) {
    return variants.stream()
        .filter(v -> text.contains(v.marker()))
        .min(Comparator.comparing((Variant v) -> v.delay().minus(afterOrder).abs()));
  }

  /** The latest an arm's SMS is due: after it (and some slack), an order without one was not reminded. */
  public Duration longestDelay() {
    return variants.stream().map(Variant::delay).max(Comparator.naturalOrder()).orElseThrow();
  }

  public Variant variant(String armId) {
    return variants.stream().filter(v -> v.armId().equals(armId)).findFirst().orElseThrow();
  }

  /** The true lift of an arm over no reminder at all. */
  public double trueLift(String armId) {
    return variant(armId).probability() - baseProbability;
  }

  static void checkProbability(double p, String what) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(what + " must be a probability (0 to 1), was " + p);
    }
  }
}
