package dev.cuifu.reminder.experiment;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.BetaDistribution;

/**
 * Assigns an order to the holdout or an arm. Every draw comes from a generator seeded with the
 * experiment's seed and the order id, so the same order, seed and tallies always give the same
 * answer (a replayed event is assigned as before, a test is deterministic); holdout membership
 * depends on nothing else, so an order is held out or not whatever the arms' results.
 *
 * <p>Order of decisions: (1) the holdout share; (2) a pinned arm takes everything else; (3) while
 * any open arm has fewer than the minimum sample, an even draw among the open arms; (4) then, for
 * {@link #EXPLORATION_SHARE} of the orders, an even draw among the open arms (the floor: each open
 * arm keeps at least that share divided by their number, so a losing arm is still tested and {@link
 * WinnerRule} can tell it apart); (5) otherwise Thompson sampling: one draw from each open arm's
 * Beta(1 + recovered, 1 + not recovered) posterior (uniform prior), the highest wins. A retired arm
 * is never drawn.
 */
public final class Allocator {

  /**
   * Share of orders after warm-up drawn evenly among the open arms. Without it Thompson sampling
   * starves the runner-up and the winner takes far longer to be established; with it the regret
   * still stays about half an even split's (figures in docs/experiments.md).
   */
  public static final double EXPLORATION_SHARE = 0.5;

  private Allocator() {}

  public static Assignment assign(ExperimentDesign design, String orderId, Map<String, Tally> tallies) {
    return assign(design, orderId, tallies, EXPLORATION_SHARE);
  }

  /** {@link #assign(ExperimentDesign, String, Map)} with another floor, for the simulation to compare. */
  static Assignment assign(ExperimentDesign design, String orderId, Map<String, Tally> tallies, double explorationShare) {
    UniformRandomProvider random = generator(design.seed(), orderId);
    if (random.nextDouble() < design.holdoutShare()) {
      return Assignment.HOLDOUT;
    }
    if (design.pinned().isPresent()) {
      return new Assignment.ToArm(design.pinned().get());
    }
    List<Arm> open = design.open();
    if (open.isEmpty()) {
      return Assignment.HOLDOUT;
    }
    boolean warmingUp = open.stream().anyMatch(arm -> tally(tallies, arm).assigned() < design.minSamplePerArm());
    if (warmingUp || random.nextDouble() < explorationShare) {
      return new Assignment.ToArm(open.get(random.nextInt(open.size())));
    }
    Arm best = null;
    double bestDraw = -1;
    for (Arm arm : open) {
      double draw = posterior(tally(tallies, arm)).createSampler(random).sample();
      if (draw > bestDraw) {
        best = arm;
        bestDraw = draw;
      }
    }
    return new Assignment.ToArm(best);
  }

  /** The arm's posterior recovery rate: uniform prior, binomial evidence. */
  static BetaDistribution posterior(Tally tally) {
    return BetaDistribution.of(1.0 + tally.recovered(), 1.0 + tally.assigned() - tally.recovered());
  }

  static Tally tally(Map<String, Tally> tallies, Arm arm) {
    return tallies.getOrDefault(arm.id(), Tally.EMPTY);
  }

  /**
   * A generator for one order: the bits of a name-based UUID (MD5) of the seed and the order id
   * together. Hashing them together matters: with the seed only XOR-ed into the state, the first
   * draw barely depended on it, and two seeds held out nearly the same orders.
   */
  static UniformRandomProvider generator(long seed, String orderId) {
    UUID id = UUID.nameUUIDFromBytes((seed + "/" + orderId).getBytes(StandardCharsets.UTF_8));
    return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {id.getMostSignificantBits(), id.getLeastSignificantBits()});
  }
}
