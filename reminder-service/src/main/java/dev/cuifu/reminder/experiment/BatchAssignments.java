package dev.cuifu.reminder.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Assignment for one consumer batch: the running experiments of the batch's shops and their arms'
 * sent and recovered counts, read once for the batch; each order's draw is seeded by the
 * experiment's seed and the order id ({@link Allocator}).
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
      Assignment assignment = Allocator.assign(experiment.design(), orderId, tallies.getOrDefault(experiment.id(), Map.of()));
      choices.put(
          experiment.tier(),
          assignment instanceof Assignment.ToArm toArm
              ? new ExperimentChoice(experiment.id(), experiment.tier(), toArm.arm().id(), toArm.arm().delay())
              : new ExperimentChoice(experiment.id(), experiment.tier(), null, null));
    }
    return choices;
  }
}
