package dev.cuifu.reminder.experiment;

import dev.cuifu.reminder.script.ScriptChannel;
import dev.cuifu.reminder.script.ScriptLibrary;
import dev.cuifu.reminder.web.FieldProblem;
import dev.cuifu.reminder.web.InvalidRequestException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A shop's experiments: created, changed and stopped through the API, and read by planning. */
@Service
public class Experiments {

  /** An arm's delay may be anything up to the usual 3-day payment window. */
  static final Duration MAX_ARM_DELAY = Duration.ofDays(3);

  static final int MAX_ARMS = 10;

  /** The holdout share auto-apply leaves when it pins a winner: enough to keep watching it against doing nothing. */
  static final double DEFAULT_DECAY_HOLDOUT_SHARE = 0.05;

  private final ExperimentRepository repository;
  private final ScriptLibrary scripts;
  private final Clock clock;
  private final Duration attributionWindow;
  private final ExperimentDecider decider;

  Experiments(
      ExperimentRepository repository, ScriptLibrary scripts, Clock clock, ExperimentProperties properties, ExperimentDecider decider) {
    this.repository = repository;
    this.decider = decider;
    this.scripts = scripts;
    this.clock = clock;
    this.attributionWindow = properties.attributionWindow();
  }

  /** An arm as the shop asked for it. */
  record ArmRequest(String id, Long scriptId, String delay) {}

  /** Reads the batch's shops' running experiments and their arms' counts: two statements at most. */
  public BatchAssignments forBatch(Collection<String> shopIds) {
    List<StoredExperiment> running = repository.running(new HashSet<>(shopIds));
    if (running.isEmpty()) {
      return BatchAssignments.NONE;
    }
    return new BatchAssignments(
        running, repository.allocationTallies(running.stream().map(StoredExperiment::id).toList(), clock.instant(), attributionWindow));
  }

  /** Records the batch's held-out orders in one statement. */
  public void recordHoldouts(List<HeldOutOrder> holdouts, Instant now) {
    repository.insertHoldouts(holdouts, now);
  }

  /** What to do when the rule names a winner: with {@code autoApply}, pin it and lower the holdout to {@code decayHoldoutShare}. */
  record AutoApply(Boolean autoApply, BigDecimal decayHoldoutShare) {}

  /**
   * The smallest holdout share above none: a smaller one would hardly collect a holdout order, and
   * a share such as {@code 1e-400}, read as a double, is 0 (no holdout) without anyone having asked.
   */
  static final BigDecimal MIN_SHARE = new BigDecimal("0.01");

  static final BigDecimal MAX_SHARE = new BigDecimal("0.5");

  /** Shares are read exactly (as typed): at most this many decimals, 0.0001 steps. */
  static final int SHARE_DECIMALS = 4;

  static final int MAX_MIN_SAMPLE = 1_000_000;

  /**
   * Numbers arrive as typed ({@link BigDecimal}), so that one out of an {@code int}'s or a {@code
   * double}'s range is refused with the allowed range instead of overflowing or rounding to 0.
   */
  @Transactional
  StoredExperiment create(
      String shopId, String name, Integer tier, BigDecimal holdoutShare, BigDecimal minSamplePerArm, Long seed, List<ArmRequest> arms,
      AutoApply apply) {
    List<FieldProblem> problems = new ArrayList<>();
    if (name == null || name.isBlank() || name.strip().length() > 100) {
      problems.add(new FieldProblem("name", "must be 1 to 100 characters"));
    } else if (!printable(name)) {
      // a bidi override shows the dashboard and the history a different name than the one stored
      problems.add(new FieldProblem("name", "must not contain control or invisible formatting characters (such as bidi overrides U+202A-U+202E, U+2066-U+2069, U+200E/U+200F)"));
    }
    ScriptChannel channel = null;
    if (tier == null || tier < 1 || tier > 3) {
      problems.add(new FieldProblem("tier", "must be 1 (SMS) or 2 (chat)"));
    } else if (tier == 3) {
      problems.add(new FieldProblem("tier", "phone tasks (tier 3) cannot be experimented on yet: talking points are not shown to agents"));
    } else {
      channel = tier == 1 ? ScriptChannel.SMS : ScriptChannel.CHAT;
    }
    Double holdoutOrNull = share(holdoutShare, ExperimentDesign.DEFAULT_HOLDOUT_SHARE, "holdoutShare", problems);
    double holdout = holdoutOrNull == null ? 0 : holdoutOrNull;
    int minSample = ExperimentDesign.DEFAULT_MIN_SAMPLE_PER_ARM;
    if (minSamplePerArm != null) {
      if (minSamplePerArm.stripTrailingZeros().scale() > 0
          || minSamplePerArm.compareTo(BigDecimal.ONE) < 0
          || minSamplePerArm.compareTo(BigDecimal.valueOf(MAX_MIN_SAMPLE)) > 0) {
        problems.add(new FieldProblem("minSamplePerArm", "must be a whole number from 1 to " + MAX_MIN_SAMPLE));
      } else {
        minSample = minSamplePerArm.intValueExact();
      }
    }
    boolean autoApply = apply != null && Boolean.TRUE.equals(apply.autoApply());
    Double decay = null;
    if (autoApply) {
      decay = share(apply.decayHoldoutShare(), DEFAULT_DECAY_HOLDOUT_SHARE, "decayHoldoutShare", problems);
      if (decay != null && holdoutOrNull != null && decay > holdout) {
        // auto-apply lowers the holdout to watch for decay; raising it would withhold more reminders
        problems.add(new FieldProblem("decayHoldoutShare", "must not exceed holdoutShare (" + holdout + ")"));
      }
    } else if (apply != null && apply.decayHoldoutShare() != null) {
      problems.add(new FieldProblem("decayHoldoutShare", "applies only with autoApply true"));
    }
    List<Arm> parsed = arms(shopId, channel, arms, problems);
    if (autoApply && isAa(shopId, parsed)) {
      problems.add(
          new FieldProblem(
              "autoApply",
              "must not be true for an A/A experiment (every arm the same script text and delay): its arms do not differ, so any winner"
                  + " is a false one and pinning it would change nothing but the holdout"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException("The experiment is invalid: " + problems.size() + " problem(s).", problems);
    }
    ExperimentDesign design =
        new ExperimentDesign(seed == null ? ThreadLocalRandom.current().nextLong() : seed, holdout, minSample, parsed);
    try {
      Instant now = clock.instant();
      long id = repository.create(shopId, tier, name.strip(), design, decay, now);
      repository.addHistory(
          id, now, HistoryEntry.Change.CREATED, HistoryEntry.Actor.API,
          "arms " + String.join(", ", parsed.stream().map(a -> a.id() + " (script " + a.scriptId() + ")").toList()) + "; holdout share "
              + holdout + (autoApply ? "; auto-apply, decay holdout share " + decay : ""));
      return find(shopId, id);
    } catch (DuplicateKeyException e) {
      throw new ExperimentConflictException("tier " + tier + " already has a running experiment; stop it first");
    }
  }

  /**
   * A share as typed: the fallback when absent, 0, or from {@link #MIN_SHARE} to {@link #MAX_SHARE}
   * with at most {@link #SHARE_DECIMALS} decimals; anything else is a problem (and null).
   */
  private static Double share(BigDecimal value, double fallback, String field, List<FieldProblem> problems) {
    if (value == null) {
      return fallback;
    }
    if (value.signum() == 0) {
      return 0.0;
    }
    if (value.compareTo(MIN_SHARE) < 0 || value.compareTo(MAX_SHARE) > 0 || value.stripTrailingZeros().scale() > SHARE_DECIMALS) {
      problems.add(
          new FieldProblem(
              field, "must be 0 (none) or from " + MIN_SHARE + " to " + MAX_SHARE + ", with at most " + SHARE_DECIMALS + " decimals"));
      return null;
    }
    return value.doubleValue();
  }

  /** No control characters (line breaks included) and no invisible formatting ones (bidi controls, zero-width marks). */
  static boolean printable(String text) {
    return text.codePoints().allMatch(c -> {
      int type = Character.getType(c);
      return type != Character.CONTROL && type != Character.FORMAT && type != Character.LINE_SEPARATOR
          && type != Character.PARAGRAPH_SEPARATOR && type != Character.SURROGATE;
    });
  }

  /**
   * Two or more arms, all with the same text (one script, or copies of it) and the same delay: an
   * A/A test.
   */
  private boolean isAa(String shopId, List<Arm> arms) {
    if (arms.size() < 2) {
      return false;
    }
    Arm first = arms.get(0);
    Optional<String> text = scripts.textOf(shopId, first.scriptId()).map(String::strip);
    return arms.stream()
        .allMatch(a -> java.util.Objects.equals(a.delay(), first.delay())
            && (a.scriptId() == first.scriptId() || scripts.textOf(shopId, a.scriptId()).map(String::strip).equals(text)));
  }

  private List<Arm> arms(String shopId, ScriptChannel channel, List<ArmRequest> arms, List<FieldProblem> problems) {
    if (arms == null || arms.isEmpty() || arms.size() > MAX_ARMS) {
      problems.add(new FieldProblem("arms", "must have 1 to " + MAX_ARMS + " arms"));
      return List.of();
    }
    List<Arm> parsed = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < arms.size(); i++) {
      ArmRequest arm = arms.get(i);
      String field = "arms[" + i + "]";
      if (arm == null) {
        problems.add(new FieldProblem(field, "must not be null"));
        continue;
      }
      boolean ok = true;
      if (arm.id() == null || !arm.id().matches("[a-z0-9][a-z0-9-]{0,39}")) {
        problems.add(new FieldProblem(field + ".id", "must match [a-z0-9][a-z0-9-]{0,39}"));
        ok = false;
      } else if (!ids.add(arm.id())) {
        problems.add(new FieldProblem(field + ".id", "must be unique within the experiment"));
        ok = false;
      }
      if (arm.scriptId() == null) {
        problems.add(new FieldProblem(field + ".scriptId", "must name one of the shop's scripts"));
        ok = false;
      } else if (scripts.scriptOf(shopId, arm.scriptId(), channel).isEmpty()) {
        problems.add(
            new FieldProblem(
                field + ".scriptId", "no active " + (channel == null ? "" : channel.wire() + " ") + "script " + arm.scriptId() + " in this shop"));
        ok = false;
      }
      Duration delay = null;
      if (arm.delay() != null) {
        try {
          delay = Duration.parse(arm.delay());
        } catch (java.time.format.DateTimeParseException e) {
          delay = Duration.ZERO;
        }
        if (delay.isNegative() || delay.isZero() || delay.compareTo(MAX_ARM_DELAY) > 0) {
          problems.add(new FieldProblem(field + ".delay", "must be an ISO-8601 duration above zero and at most P3D, such as PT1H"));
          ok = false;
        }
      }
      if (ok) {
        parsed.add(new Arm(arm.id(), arm.scriptId(), delay, Arm.State.ACTIVE));
      }
    }
    return parsed;
  }

  StoredExperiment find(String shopId, long id) {
    return repository.find(shopId, id)
        .orElseThrow(() -> new ExperimentNotFoundException("no experiment " + id + " in this shop"));
  }

  List<StoredExperiment> list(String shopId) {
    return repository.list(shopId);
  }

  /** Pins an arm (it takes every order not held out) or retires it (it takes nothing new). */
  @Transactional
  StoredExperiment changeArm(String shopId, long id, String armId, Arm.State state) {
    find(shopId, id);
    StoredExperiment experiment = repository.lock(id).orElseThrow();
    if (!experiment.running()) {
      throw new ExperimentConflictException("experiment " + id + " is stopped");
    }
    Arm arm =
        experiment.design().arms().stream().filter(a -> a.id().equals(armId)).findFirst()
            .orElseThrow(() -> new ExperimentNotFoundException("There is no arm with this id in experiment " + id + "."));
    if (arm.state() == Arm.State.RETIRED) {
      throw new ExperimentConflictException("arm " + armId + " is retired");
    }
    if (arm.state() == state) {
      return experiment; // pinned already: nothing changes, nothing to record
    }
    ExperimentDesign design =
        state == Arm.State.PINNED ? experiment.design().pinning(armId) : experiment.design().with(armId, state);
    if (design.open().isEmpty()) {
      throw new ExperimentConflictException("arm " + armId + " is the last open arm; stop the experiment instead");
    }
    repository.saveArmStates(id, design);
    repository.addHistory(
        id, clock.instant(), state == Arm.State.PINNED ? HistoryEntry.Change.ARM_PINNED : HistoryEntry.Change.ARM_RETIRED,
        HistoryEntry.Actor.API, "arm " + armId);
    return find(shopId, id);
  }

  @Transactional
  StoredExperiment stop(String shopId, long id) {
    find(shopId, id);
    repository.lock(id);
    Instant now = clock.instant();
    if (repository.stop(shopId, id, now)) { // stopping a stopped experiment changes nothing
      repository.addHistory(id, now, HistoryEntry.Change.STOPPED, HistoryEntry.Actor.API, null);
    }
    return find(shopId, id);
  }

  /** Every change to the experiment, oldest first. */
  List<HistoryEntry> history(String shopId, long id) {
    find(shopId, id);
    return repository.history(id);
  }

  /**
   * Reads every running experiment's statistics, so that one nobody looks at is still decided (and
   * auto-applied) when the rule fires; the periodic job's work.
   *
   * @return how many experiments have a decision recorded by this run
   */
  int decideRunning() {
    int decided = 0;
    for (StoredExperiment experiment : repository.allRunning()) {
      if (decider.stored(experiment.id()).isEmpty() && decider.decide(experiment, live(experiment)).isPresent()) {
        decided++;
      }
    }
    return decided;
  }

  /**
   * The statistics of the shop's newest experiments (running ones first, at most {@code limit}),
   * exactly as {@code GET /api/v1/experiments/{id}/stats} answers them: what the shop dashboard
   * draws.
   */
  public List<Record> newestStats(String shopId, int limit) {
    return newest(shopId, limit).stream().<Record>map(e -> stats(shopId, e.id())).toList();
  }

  /**
   * The same experiments as {@link #newestStats}, in the same order, each as its recovery and lift
   * per day in {@code zone} (see {@link ExperimentSeries}), from the day it started to {@code to}
   * (to its start day when it started later): a series that began at a range's first day would
   * hide the experiment's first days or draw empty days before it existed.
   */
  public List<ExperimentSeries> newestSeries(String shopId, int limit, ZoneId zone, LocalDate to) {
    Instant now = clock.instant();
    return newest(shopId, limit).stream()
        .map(e -> {
          LocalDate started = LocalDate.ofInstant(e.startedAt(), zone);
          return ExperimentSeries.of(
              e, repository.outcomesPerDay(e.id(), zone, now, attributionWindow), started, to.isBefore(started) ? started : to);
        })
        .toList();
  }

  /** The same experiments' histories, in the same order, each as {@code GET /api/v1/experiments/{id}/history} lists it. */
  public List<List<? extends Record>> newestHistories(String shopId, int limit) {
    return newest(shopId, limit).stream().<List<? extends Record>>map(e -> repository.history(e.id())).toList();
  }

  private List<StoredExperiment> newest(String shopId, int limit) {
    return list(shopId).stream().sorted(java.util.Comparator.comparing((StoredExperiment e) -> !e.running())).limit(limit).toList();
  }

  /**
   * The experiment's statistics now (see {@link ExperimentStats}); a winner the rule names now is
   * recorded first (see {@link ExperimentDecider}), and once recorded it is the winner shown.
   */
  ExperimentStats.View stats(String shopId, long id) {
    StoredExperiment experiment = find(shopId, id);
    ExperimentStats.View live = live(experiment);
    boolean wasDecided = live.winner() == null || decider.stored(id).isPresent();
    Optional<Decision> decision = decider.decide(experiment, live);
    if (!wasDecided && decision.map(Decision::applied).orElse(false)) {
      live = live(find(shopId, id)); // just applied: the pin and the holdout share changed
    }
    return live.withDecision(decision.orElse(null));
  }

  /**
   * The measured lift of the experiment's decided, pinned or else leading arm over its holdout, read
   * as {@link #stats} reads it. Unknown or another shop's: not found, without echoing the id (the
   * caller named it in another feature's request). No holdout or nothing settled on either side yet:
   * a conflict saying which.
   */
  public MeasuredLift measuredLift(String shopId, long id) {
    if (repository.find(shopId, id).isEmpty()) {
      throw new ExperimentNotFoundException("no such experiment in this shop");
    }
    ExperimentStats.View view = stats(shopId, id);
    if (view.holdout().orders() == 0) {
      throw new ExperimentConflictException(
          view.holdoutShare() == 0 && view.holdout().assigned() == 0
              ? "the experiment has no holdout: there is nothing to measure a lift against"
              : "the experiment's holdout has no settled orders yet: no lift to measure");
    }
    ExperimentStats.ArmView arm;
    String choice;
    if (view.decision() != null) {
      arm = armView(view, view.decision().winner());
      choice = "decided";
    } else {
      arm = view.arms().stream().filter(a -> Arm.State.PINNED.name().equals(a.state())).findFirst().orElse(null);
      choice = "pinned";
      if (arm == null) {
        arm = view.arms().stream()
            .filter(a -> !Arm.State.RETIRED.name().equals(a.state()) && a.sent() > 0)
            .max(java.util.Comparator.comparingDouble(ExperimentStats.ArmView::rate))
            .orElse(null);
        choice = "leading";
      }
    }
    if (arm == null || arm.sent() == 0 || arm.lift() == null) {
      throw new ExperimentConflictException(
          "the experiment's " + (arm == null ? "open arms have" : choice + " arm has") + " no settled orders yet: no lift to measure");
    }
    Interval interval = arm.alwaysValidLiftInterval() != null ? arm.alwaysValidLiftInterval() : arm.liftInterval();
    return new MeasuredLift(id, arm.id(), choice, arm.lift(), interval);
  }

  private static ExperimentStats.ArmView armView(ExperimentStats.View view, String armId) {
    return view.arms().stream().filter(a -> a.id().equals(armId)).findFirst().orElseThrow();
  }

  /** The statistics as the rule reads them now, nothing recorded. */
  ExperimentStats.View live(StoredExperiment experiment) {
    return ExperimentStats.of(
        experiment, repository.outcomes(experiment.id(), clock.instant(), attributionWindow), attributionWindow,
        scripts.smsSegmentPrice(experiment.shopId()).orElse(null));
  }
}
