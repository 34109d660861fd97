package dev.cuifu.reminder.plan;

import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.reminder.buyer.BuyerHistory;
import dev.cuifu.reminder.experiment.BatchAssignments;
import dev.cuifu.reminder.experiment.ExperimentChoice;
import dev.cuifu.reminder.experiment.Experiments;
import dev.cuifu.reminder.experiment.HeldOutOrder;
import dev.cuifu.reminder.timeline.Decision;
import dev.cuifu.reminder.timeline.DecisionLog;
import dev.cuifu.reminder.touch.TouchPlans;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Plans the touches of an unpaid order ({@link TierPlan} decides which and when; {@link
 * TouchPlans} writes them) and cancels the ones not yet sent when the order is paid or closed.
 * Runs inside the caller's transaction; every decision goes on the order's timeline (a planned
 * touch's row is its own entry there, the others are decision rows), so the per-touch log lines
 * are DEBUG: at INFO a sales festival's 10,000 orders a second would be 20,000 lines a second.
 */
@Service
public class TouchPlanner {

  private static final Logger log = LoggerFactory.getLogger(TouchPlanner.class);

  private final TouchPlans touchPlans;
  private final PlanningPolicies policies;
  private final BuyerHistory history;
  private final DecisionLog decisions;
  private final MeterRegistry meters;
  private final Experiments experiments;

  TouchPlanner(
      TouchPlans touchPlans, PlanningPolicies policies, BuyerHistory history, DecisionLog decisions, MeterRegistry meters,
      Experiments experiments) {
    this.touchPlans = touchPlans;
    this.experiments = experiments;
    this.policies = policies;
    this.history = history;
    this.decisions = decisions;
    this.meters = meters;
    for (Channel channel : Channel.values()) {
      meters.counter("cuifu.touches.planned", "channel", channel.name());
    }
    for (CancelCause cause : CancelCause.values()) {
      meters.counter("cuifu.touches.cancelled", "cause", cause.name());
    }
  }

  /** The shop's current policy; a change applies to orders planned from then on. */
  public PlanningPolicy policyFor(String shopId) {
    return policies.forShop(shopId);
  }

  /** The deadline the order's touches must beat: the event's, else the shop's default window. */
  public static Instant paymentDeadline(OrderCreated order, PlanningPolicy policy) {
    return order.paymentDeadline() != null
        ? order.paymentDeadline()
        : order.occurredAt().plus(policy.defaultPaymentDeadline());
  }

  /** An unpaid order to plan, with the policy and deadline it was recorded under. */
  public record UnpaidOrder(OrderCreated order, PlanningPolicy policy, Instant deadline) {}

  /** A paid or closed order whose open touches must be cancelled; {@code detail} may be null. */
  public record Cancellation(String shopId, String orderId, CancelCause cause, String detail) {}

  /**
   * Plans every tier each order qualifies for; skipped tiers are recorded with their reason. A tier
   * with a running experiment in the shop takes the order's arm (its delay, and its script at
   * dispatch) or holds the order out: no touch, a SKIPPED decision and a holdout record due when
   * its twin arm's touch would have been (the twin's delay, bounded as an arm's is). A batch is
   * a fixed number of statements whatever its size (history, running experiments and their arms'
   * counts when the shops have any, touches, holdouts, decisions): planning is the consumer's hot
   * path during a sales festival.
   */
  public void planUnpaidOrders(List<UnpaidOrder> orders, Instant now) {
    if (orders.isEmpty()) {
      return;
    }
    Map<BuyerHistory.Buyer, Integer> earlier =
        history.earlierPaidOrders(
            orders.stream().map(o -> new BuyerHistory.Buyer(o.order().shopId(), o.order().buyerId())).distinct().toList());
    BatchAssignments assignments = experiments.forBatch(orders.stream().map(o -> o.order().shopId()).toList());
    List<PlannedRow> rows = new ArrayList<>();
    List<DecisionLog.Entry> skipped = new ArrayList<>();
    List<HeldOutOrder> heldOut = new ArrayList<>();
    for (UnpaidOrder unpaid : orders) {
      OrderCreated order = unpaid.order();
      int paidBefore = earlier.getOrDefault(new BuyerHistory.Buyer(order.shopId(), order.buyerId()), 0);
      Map<Integer, ExperimentChoice> choices = assignments.choose(order.shopId(), order.orderId());
      Map<Integer, Duration> delays = new HashMap<>();
      choices.forEach((tier, choice) -> {
        if (choice.delay() != null) {
          delays.put(tier, choice.delay());
        }
      });
      TierPlan.Result plan = TierPlan.plan(order, unpaid.policy(), unpaid.deadline(), paidBefore, delays);
      for (TierPlan.Planned tier : plan.planned()) {
        ExperimentChoice choice = choices.get(tier.tier());
        if (choice != null && choice.holdout()) {
          heldOut.add(
              new HeldOutOrder(choice.experimentId(), order.shopId(), order.orderId(), tier.tier(), tier.dueAt(), choice.twinArmId()));
          skipped.add(
              new DecisionLog.Entry(
                  order.shopId(), order.orderId(), null, tier.tier(), tier.channel().name(), Decision.SKIPPED,
                  choice.holdoutReason() + ": no touch at this tier (would have been due " + tier.dueAt() + ")"));
        } else {
          rows.add(new PlannedRow(order.shopId(), order.orderId(), tier, choice));
        }
      }
      for (TierPlan.Skipped tier : plan.skipped()) {
        skipped.add(
            new DecisionLog.Entry(order.shopId(), order.orderId(), null, tier.tier(), tier.channel().name(), Decision.SKIPPED, tier.reason()));
        log.debug("order {}/{}: {} not planned, {}", order.shopId(), order.orderId(), tier.channel(), tier.reason());
      }
    }
    insertTouches(rows, now);
    experiments.recordHoldouts(heldOut, now);
    decisions.recordAll(skipped, now);
  }

  /** A touch to write; {@code experiment} is the arm it was assigned to, or null. */
  private record PlannedRow(String shopId, String orderId, TierPlan.Planned tier, ExperimentChoice experiment) {
    Long experimentId() {
      return experiment == null ? null : experiment.experimentId();
    }

    String armId() {
      return experiment == null ? null : experiment.armId();
    }
  }

  /**
   * Plans the rows (an existing tier of an order is left alone). The touch row is its own PLANNED
   * entry on the order's timeline (TouchPlans.plan): planning writes no decision row per touch.
   */
  private void insertTouches(List<PlannedRow> rows, Instant now) {
    if (rows.isEmpty()) {
      return;
    }
    List<TouchPlans.NewTouch> touches = new ArrayList<>(rows.size());
    for (PlannedRow row : rows) {
      TierPlan.Planned tier = row.tier();
      touches.add(
          new TouchPlans.NewTouch(
              row.shopId(), row.orderId(), tier.tier(), tier.channel().name(), tier.dueAt(), tier.note(), row.experimentId(), row.armId()));
    }
    touchPlans.plan(touches, now).forEach((channel, planned) -> meters.counter("cuifu.touches.planned", "channel", channel).increment(planned));
  }

  /** Cancels every touch of the order that has not gone out; returns how many. */
  public int cancelOpenTouches(String shopId, String orderId, CancelCause cause, String detail, Instant now) {
    return cancelOpenTouches(List.of(new Cancellation(shopId, orderId, cause, detail)), now);
  }

  /**
   * Cancels every touch not gone out of each order, in one statement: each cancelled row is its own
   * timeline entry (V29), so no decision row is written. Returns how many.
   */
  public int cancelOpenTouches(List<Cancellation> cancellations, Instant now) {
    if (cancellations.isEmpty()) {
      return 0;
    }
    List<TouchPlans.Cancellation> orders =
        cancellations.stream()
            .map(c -> new TouchPlans.Cancellation(c.shopId(), c.orderId(), c.cause().reason(c.detail()), c.cause().name()))
            .toList();
    List<TouchPlans.CancelledTouch> cancelled = touchPlans.cancelOpen(orders, now);
    Map<String, Integer> byCause = new HashMap<>();
    for (TouchPlans.CancelledTouch touch : cancelled) {
      byCause.merge(touch.cause(), 1, Integer::sum);
      log.debug("order {}/{}: {} touch cancelled, {}", touch.shopId(), touch.orderId(), touch.channel(), touch.reason());
    }
    byCause.forEach((cause, n) -> meters.counter("cuifu.touches.cancelled", "cause", cause).increment(n));
    return cancelled.size();
  }
}
