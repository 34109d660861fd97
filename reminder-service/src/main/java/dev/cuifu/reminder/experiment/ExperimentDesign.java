package dev.cuifu.reminder.experiment;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an experiment assigns orders.
 *
 * @param seed makes every assignment (and the probability-of-best estimate) reproducible
 * @param holdoutShare share of orders that get no touch at the tier, so that lift can be measured
 *     against buyers who would have paid anyway (default 10%)
 * @param minSamplePerArm orders each arm receives (allocation is even until then) before Thompson
 *     sampling moves orders towards the better arms, and before a winner may be declared
 * @param arms at least one
 */
public record ExperimentDesign(long seed, double holdoutShare, int minSamplePerArm, List<Arm> arms) {

  public static final double DEFAULT_HOLDOUT_SHARE = 0.10;
  public static final int DEFAULT_MIN_SAMPLE_PER_ARM = 200;

  public ExperimentDesign {
    if (!(holdoutShare >= 0 && holdoutShare < 1)) {
      throw new IllegalArgumentException("holdoutShare must be in [0, 1): " + holdoutShare);
    }
    if (minSamplePerArm < 1) {
      throw new IllegalArgumentException("minSamplePerArm must be at least 1");
    }
    arms = List.copyOf(Objects.requireNonNull(arms, "arms"));
    if (arms.isEmpty()) {
      throw new IllegalArgumentException("an experiment needs at least one arm");
    }
    if (new HashSet<>(arms.stream().map(Arm::id).toList()).size() != arms.size()) {
      throw new IllegalArgumentException("arm ids must be unique");
    }
    if (arms.stream().filter(a -> a.state() == Arm.State.PINNED).count() > 1) {
      throw new IllegalArgumentException("at most one arm can be pinned");
    }
  }

  public static ExperimentDesign of(long seed, List<Arm> arms) {
    return new ExperimentDesign(seed, DEFAULT_HOLDOUT_SHARE, DEFAULT_MIN_SAMPLE_PER_ARM, arms);
  }

  /** The arms that take new orders. */
  List<Arm> open() {
    return arms.stream().filter(a -> a.state() != Arm.State.RETIRED).toList();
  }

  Optional<Arm> pinned() {
    return arms.stream().filter(a -> a.state() == Arm.State.PINNED).findFirst();
  }

  /** The same design with this arm pinned and any other pinned arm active again. */
  ExperimentDesign pinning(String armId) {
    ExperimentDesign design = this;
    for (Arm other : arms) {
      if (other.state() == Arm.State.PINNED && !other.id().equals(armId)) {
        design = design.with(other.id(), Arm.State.ACTIVE);
      }
    }
    return design.with(armId, Arm.State.PINNED);
  }

  ExperimentDesign withHoldoutShare(double share) {
    return new ExperimentDesign(seed, share, minSamplePerArm, arms);
  }

  /** The same design with one arm's state changed. */
  public ExperimentDesign with(String armId, Arm.State state) {
    if (arms.stream().noneMatch(a -> a.id().equals(armId))) {
      throw new IllegalArgumentException("no arm " + armId);
    }
    return new ExperimentDesign(
        seed, holdoutShare, minSamplePerArm, arms.stream().map(a -> a.id().equals(armId) ? a.withState(state) : a).toList());
  }
}
