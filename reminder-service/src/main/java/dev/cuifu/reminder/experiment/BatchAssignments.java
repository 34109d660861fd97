package dev.cuifu.reminder.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Assignment for one consumer batch: the running experiments of the batch's shops and their arms'
 * settled and recovered counts, read once for the batch; each order's draw is seeded by the
 * experiment's seed and the order id ({@link Allocator}).
 *
 * <p>A held-out order gets a twin arm: the arm the allocator would have given it had it not been
 * held out (the same seeded draw with no holdout share). Its touch would have been due after that
 * arm's delay, so the holdout counts each order from the moment its arm twin counts from, and with
 * arms of different delays the holdout's mix of delays follows the arms' mix of orders.
 */
public final class BatchAssignments {

  static final BatchAssignments NONE = new BatchAssignments(List.of(), Map.of());

  private final Map<String, List<StoredExperiment>> byShop = new HashMap<>();
  private final Map<Long, Map<String, Tally>> tallies;

  BatchAssignments(List<StoredExperiment> running, Map<Long, Map<String, Tally>> tallies) {
    for (StoredExperiment experiment : running) {
      byShop.computeIfAbsent(experiment.shopId(), k -> new ArrayList<>()).add(experiment);
    }
    this.tallies = tallies;
  }

  /** The order's arm or holdout per tier that has a running experiment in its shop. */
  public Map<Integer, ExperimentChoice> choose(String shopId, String orderId) {
    List<StoredExperiment> running = byShop.get(shopId);
    if (running == null) {
      return Map.of();
    }
    Map<Integer, ExperimentChoice> choices = new HashMap<>();
    for (StoredExperiment experiment : running) {
      Map<String, Tally> counts = tallies.getOrDefault(experiment.id(), Map.of());
      Assignment assignment = Allocator.assign(experiment.design(), orderId, counts);
      if (assignment instanceof Assignment.ToArm toArm) {
        choices.put(experiment.tier(), new ExperimentChoice(experiment.id(), experiment.tier(), toArm.arm().id(), toArm.arm().delay(), null));
      } else {
        Arm twin = twin(experiment.design(), orderId, counts);
        choices.put(
            experiment.tier(),
            new ExperimentChoice(experiment.id(), experiment.tier(), null, twin == null ? null : twin.delay(), twin == null ? null : twin.id()));
      }
    }
    return choices;
  }

  /** The arm a held-out order would have had: the allocator's draw without the holdout, or null. */
  private static Arm twin(ExperimentDesign design, String orderId, Map<String, Tally> counts) {
    ExperimentDesign noHoldout = new ExperimentDesign(design.seed(), 0, design.minSamplePerArm(), design.arms());
    return Allocator.assign(noHoldout, orderId, counts) instanceof Assignment.ToArm toArm ? toArm.arm() : null;
  }
}
