package dev.cuifu.reminder.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cuifu.common.sms.SmsSegments;
import dev.cuifu.reminder.script.SegmentPrice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An experiment's statistics as the API answers them: the attributed outcomes (see {@link
 * ExperimentRepository}) tallied per arm and handed to the engine ({@link ExperimentStatistics}).
 * Only settled orders (recovered or failed) are in a rate; {@code sent} and the holdout's {@code
 * orders} keep their names as the rate's denominator. Beside them: {@code assigned} (every order
 * whose due time has come), {@code excluded} (of them, paid, closed or opted out by then: never
 * eligible), {@code pending} (outcome still open) — assigned = excluded + sent + pending — and per
 * arm {@code reached} (its touch actually sent), so the shop sees how many were paid or stopped
 * before the reminder went out.
 */
final class ExperimentStats {

  private ExperimentStats() {}

  /** An amount in minor units of a currency. */
  record Amount(Number minor, String currency) {}

  record HoldoutView(
      long orders, long recovered, double rate, Interval rateInterval, List<Amount> recoveredAmount, long assigned, long excluded,
      long pending) {}

  @JsonInclude(JsonInclude.Include.ALWAYS)
  record ArmView(
      String id,
      long scriptId,
      String delay,
      String state,
      long sent,
      long recovered,
      double rate,
      Interval rateInterval,
      List<Amount> recoveredAmount,
      Double lift,
      Interval liftInterval,
      double probabilityBest,
      long optOuts,
      double optOutRate,
      boolean optOutFlag,
      long messages,
      long segments,
      Amount cost,
      Double returnOnCost,
      boolean reachedMinimum,
      long assigned,
      long excluded,
      long reached,
      long pending,
      Interval alwaysValidLiftInterval,
      Interval leadInterval) {}

  record View(
      long experimentId,
      String name,
      int tier,
      boolean running,
      double holdoutShare,
      int minSamplePerArm,
      HoldoutView holdout,
      List<ArmView> arms,
      String winner,
      SegmentPrice smsSegmentPrice,
      String attributionWindow,
      String winnerRule,
      String liveLeader,
      Decision decision,
      boolean autoApply,
      Double decayHoldoutShare) {

    /**
     * Once a decision is stored, {@code winner} is its winner for good; {@code liveLeader} stays what
     * the rule reads now (null when it names nobody).
     */
    View withDecision(Decision stored) {
      return stored == null
          ? this
          : new View(
              experimentId, name, tier, running, holdoutShare, minSamplePerArm, holdout, arms, stored.winner(), smsSegmentPrice,
              attributionWindow, winnerRule, liveLeader, stored, autoApply, decayHoldoutShare);
    }
  }

  /** Orders of one arm (or the holdout) outside the rate, and those reached. */
  private static final class Counts {
    long assigned;
    long excluded;
    long reached;
    long pending;

    void add(ExperimentRepository.Outcome outcome) {
      assigned++;
      excluded += outcome.counted() == ExperimentRepository.Counted.EXCLUDED ? 1 : 0;
      pending += outcome.counted() == ExperimentRepository.Counted.PENDING ? 1 : 0;
      reached += outcome.reached() ? 1 : 0;
    }
  }

  static View of(StoredExperiment experiment, List<ExperimentRepository.Outcome> outcomes, Duration attributionWindow, SegmentPrice price) {
    Map<String, Tally> tallies = new HashMap<>();
    Map<String, Counts> counts = new HashMap<>();
    Map<String, Map<String, Long>> recoveredByCurrency = new HashMap<>();
    Map<String, Long> messages = new HashMap<>();
    Map<String, Long> segments = new HashMap<>();
    Set<String> seenMessages = new HashSet<>();
    Tally holdout = Tally.EMPTY;
    Counts holdoutCounts = new Counts();
    Map<String, Long> holdoutRecovered = new TreeMap<>();
    for (ExperimentRepository.Outcome outcome : outcomes) {
      if (outcome.arm() == null) {
        holdoutCounts.add(outcome);
        if (outcome.counted().settled()) {
          holdout = holdout.plus(outcome.recovered(), 0, false, 0);
        }
        if (outcome.recovered()) {
          holdoutRecovered.merge(outcome.currency(), outcome.amountMinor(), Long::sum);
        }
        continue;
      }
      counts.computeIfAbsent(outcome.arm(), k -> new Counts()).add(outcome);
      if (outcome.reached()) {
        // a merged SMS carries several touches: its segments are paid once, whatever its orders' outcomes
        String messageKey =
            outcome.arm() + "/" + (outcome.providerMessageId() == null ? "touch-" + outcome.touchId() : outcome.providerMessageId());
        if (seenMessages.add(messageKey)) {
          messages.merge(outcome.arm(), 1L, Long::sum);
          if ("SMS".equals(outcome.channel()) && outcome.body() != null) {
            segments.merge(outcome.arm(), (long) SmsSegments.of(outcome.body()).segments(), Long::sum);
          }
        }
      }
      if (outcome.counted().settled()) {
        long inPriceCurrency = price != null && price.currency().equals(outcome.currency()) ? outcome.amountMinor() : 0;
        tallies.put(
            outcome.arm(), tallies.getOrDefault(outcome.arm(), Tally.EMPTY).plus(outcome.recovered(), inPriceCurrency, outcome.optedOut(), 0));
      }
      if (outcome.recovered()) {
        recoveredByCurrency.computeIfAbsent(outcome.arm(), k -> new TreeMap<>()).merge(outcome.currency(), outcome.amountMinor(), Long::sum);
      }
    }
    // the cost is every segment sent, pending orders' included
    segments.forEach(
        (arm, sent) -> {
          Tally t = tallies.getOrDefault(arm, Tally.EMPTY);
          tallies.put(arm, new Tally(t.assigned(), t.recovered(), t.recoveredMinor(), t.optOuts(), t.segments() + sent));
        });
    double pricePerSegment = price == null ? 0 : price.minor().doubleValue();
    ExperimentReport report = ExperimentStatistics.report(experiment.design(), tallies, holdout, pricePerSegment);
    List<ArmView> arms = new ArrayList<>();
    for (Arm arm : experiment.design().arms()) {
      ArmStatistics s = report.arm(arm.id());
      Tally t = tallies.getOrDefault(arm.id(), Tally.EMPTY);
      Counts c = counts.getOrDefault(arm.id(), new Counts());
      arms.add(
          new ArmView(
              arm.id(), arm.scriptId(), arm.delay() == null ? null : arm.delay().toString(), arm.state().name(), s.sent(), s.recovered(),
              s.rate(), s.rateInterval(), amounts(recoveredByCurrency.getOrDefault(arm.id(), Map.of())), s.lift(), s.liftInterval(),
              s.probabilityBest(), t.optOuts(), s.optOutRate(), s.optOutFlag(), messages.getOrDefault(arm.id(), 0L), s.segments(),
              price == null ? null : new Amount(s.costMinor(), price.currency()), price == null ? null : s.returnOnCost(),
              s.reachedMinimum(), c.assigned, c.excluded, c.reached, c.pending, s.alwaysValidLiftInterval(), s.leadInterval()));
    }
    return new View(
        experiment.id(), experiment.name(), experiment.tier(), experiment.running(), experiment.design().holdoutShare(),
        experiment.design().minSamplePerArm(),
        new HoldoutView(
            report.holdoutOrders(), report.holdoutRecovered(), report.holdoutRate(), report.holdoutInterval(), amounts(holdoutRecovered),
            holdoutCounts.assigned, holdoutCounts.excluded, holdoutCounts.pending),
        List.copyOf(arms), report.winner().orElse(null), price, attributionWindow.toString(), report.winnerRule(),
        report.winner().orElse(null), null, experiment.autoApply(), experiment.decayHoldoutShare());
  }

  private static List<Amount> amounts(Map<String, Long> byCurrency) {
    return new TreeMap<>(byCurrency).entrySet().stream().map(e -> new Amount(e.getValue(), e.getKey())).toList();
  }
}
