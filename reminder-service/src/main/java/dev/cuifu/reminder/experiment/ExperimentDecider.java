package dev.cuifu.reminder.experiment;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores the first winner {@link WinnerRule} names for a running experiment, and with auto-apply
 * acts on it: the winner pinned (as {@code POST .../pin} does) and the holdout lowered to the decay
 * share, so the shop keeps measuring the winner against doing nothing. Once per experiment across
 * instances: the decision's primary key lets one insert through and the others change nothing.
 */
@Component
class ExperimentDecider {

  private final ExperimentRepository repository;
  private final Clock clock;
  private final JsonMapper json;

  ExperimentDecider(ExperimentRepository repository, Clock clock, JsonMapper json) {
    this.repository = repository;
    this.clock = clock;
    this.json = json;
  }

  /**
   * The experiment's stored decision, recorded now (and applied) when {@code live} names a winner
   * and none is stored yet.
   */
  @Transactional
  Optional<Decision> decide(StoredExperiment snapshot, ExperimentStats.View live) {
    Optional<Decision> stored = stored(snapshot.id());
    if (stored.isPresent() || !snapshot.running() || live.winner() == null) {
      return stored;
    }
    // the live statistics were read without a lock: a stop, pin or retire may have committed
    // since. Decide on the experiment as it is now, holding its row until this commits.
    StoredExperiment experiment = repository.lock(snapshot.id()).orElse(null);
    if (experiment == null || !experiment.running() || !isOpen(experiment, live.winner())) {
      return stored(snapshot.id());
    }
    Instant now = clock.instant();
    Decision decision = Decision.of(live, now);
    if (!repository.insertDecision(experiment.id(), decision.winner(), now, json.writeValueAsString(decision.evidence()))) {
      return stored(experiment.id()); // another instance recorded it first
    }
    repository.addHistory(
        experiment.id(), now, HistoryEntry.Change.WINNER_RECORDED, HistoryEntry.Actor.RULE,
        String.format(Locale.ROOT, "winner %s: rate %.4f, lead [%.4f, %.4f]", decision.winner(), decision.evidence().rate(),
            decision.evidence().leadInterval().lower(), decision.evidence().leadInterval().upper()));
    // a pin the shop set itself is the shop's decision: the rule records its own, applies nothing
    boolean shopPinned = experiment.design().arms().stream().anyMatch(arm -> arm.state() == Arm.State.PINNED);
    if (experiment.autoApply() && !shopPinned) {
      ExperimentDesign design = experiment.design().pinning(decision.winner()).withHoldoutShare(experiment.decayHoldoutShare());
      repository.saveArmStates(experiment.id(), design);
      repository.saveHoldoutShare(experiment.id(), design.holdoutShare());
      repository.markApplied(experiment.id());
      repository.addHistory(
          experiment.id(), now, HistoryEntry.Change.AUTO_APPLIED, HistoryEntry.Actor.RULE,
          "arm " + decision.winner() + " pinned; holdout share " + experiment.design().holdoutShare() + " -> " + design.holdoutShare());
    }
    return stored(experiment.id());
  }

  private static boolean isOpen(StoredExperiment experiment, String armId) {
    return experiment.design().open().stream().anyMatch(arm -> arm.id().equals(armId));
  }

  Optional<Decision> stored(long experimentId) {
    return repository.decision(experimentId)
        .map(r -> new Decision(r.winner(), r.decidedAt(), json.readValue(r.evidenceJson(), Decision.Evidence.class), r.applied()));
  }
}
