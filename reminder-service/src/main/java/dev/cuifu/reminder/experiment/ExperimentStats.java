package dev.cuifu.reminder.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cuifu.common.sms.SmsSegments;
import dev.cuifu.reminder.script.SegmentPrice;
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
 */
final class ExperimentStats {

  private ExperimentStats() {}

  /** An amount in minor units of a currency. */
  record Amount(Number minor, String currency) {}

  record HoldoutView(long orders, long recovered, double rate, Interval rateInterval, List<Amount> recoveredAmount) {}

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
      String winnerRule) {}

  static View of(
      StoredExperiment experiment,
      List<ExperimentRepository.ArmOutcome> armOutcomes,
      List<ExperimentRepository.HoldoutOutcome> holdoutOutcomes,
      SegmentPrice price) {
    Map<String, Tally> tallies = new HashMap<>();
    Map<String, Map<String, Long>> recoveredByCurrency = new HashMap<>();
    Map<String, Long> messages = new HashMap<>();
    Set<String> seenMessages = new HashSet<>();
    for (ExperimentRepository.ArmOutcome outcome : armOutcomes) {
      // a merged SMS carries several touches: its segments are paid once
      String messageKey = outcome.arm() + "/" + (outcome.providerMessageId() == null ? "touch-" + outcome.touchId() : outcome.providerMessageId());
      boolean newMessage = seenMessages.add(messageKey);
      int segments = newMessage && "SMS".equals(outcome.channel()) && outcome.body() != null ? SmsSegments.of(outcome.body()).segments() : 0;
      if (newMessage) {
        messages.merge(outcome.arm(), 1L, Long::sum);
      }
      long inPriceCurrency = price != null && price.currency().equals(outcome.currency()) ? outcome.amountMinor() : 0;
      tallies.put(
          outcome.arm(),
          tallies.getOrDefault(outcome.arm(), Tally.EMPTY).plus(outcome.recovered(), inPriceCurrency, outcome.optedOut(), segments));
      if (outcome.recovered()) {
        recoveredByCurrency.computeIfAbsent(outcome.arm(), k -> new TreeMap<>()).merge(outcome.currency(), outcome.amountMinor(), Long::sum);
      }
    }
    Tally holdout = Tally.EMPTY;
    Map<String, Long> holdoutRecovered = new TreeMap<>();
    for (ExperimentRepository.HoldoutOutcome outcome : holdoutOutcomes) {
      holdout = holdout.plus(outcome.recovered(), 0, false, 0);
      if (outcome.recovered()) {
        holdoutRecovered.merge(outcome.currency(), outcome.amountMinor(), Long::sum);
      }
    }
    double pricePerSegment = price == null ? 0 : price.minor().doubleValue();
    ExperimentReport report = ExperimentStatistics.report(experiment.design(), tallies, holdout, pricePerSegment);
    List<ArmView> arms = new ArrayList<>();
    for (Arm arm : experiment.design().arms()) {
      ArmStatistics s = report.arm(arm.id());
      Tally t = tallies.getOrDefault(arm.id(), Tally.EMPTY);
      arms.add(
          new ArmView(
              arm.id(), arm.scriptId(), arm.delay() == null ? null : arm.delay().toString(), arm.state().name(), s.sent(), s.recovered(),
              s.rate(), s.rateInterval(), amounts(recoveredByCurrency.getOrDefault(arm.id(), Map.of())), s.lift(), s.liftInterval(),
              s.probabilityBest(), t.optOuts(), s.optOutRate(), s.optOutFlag(), messages.getOrDefault(arm.id(), 0L), s.segments(),
              price == null ? null : new Amount(s.costMinor(), price.currency()), price == null ? null : s.returnOnCost(),
              s.reachedMinimum(), s.alwaysValidLiftInterval(), s.leadInterval()));
    }
    return new View(
        experiment.id(), experiment.name(), experiment.tier(), experiment.running(), experiment.design().holdoutShare(),
        experiment.design().minSamplePerArm(),
        new HoldoutView(report.holdoutOrders(), report.holdoutRecovered(), report.holdoutRate(), report.holdoutInterval(), amounts(holdoutRecovered)),
        List.copyOf(arms), report.winner().orElse(null), price, report.winnerRule());
  }

  private static List<Amount> amounts(Map<String, Long> byCurrency) {
    return new TreeMap<>(byCurrency).entrySet().stream().map(e -> new Amount(e.getValue(), e.getKey())).toList();
  }
}
