package dev.cuifu.reminder.plan;

import static dev.cuifu.reminder.ops.SqlArrays.instants;
import static dev.cuifu.reminder.ops.SqlArrays.ints;
import static dev.cuifu.reminder.ops.SqlArrays.longs;
import static dev.cuifu.reminder.ops.SqlArrays.texts;

import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.reminder.buyer.BuyerHistory;
import dev.cuifu.reminder.experiment.BatchAssignments;
import dev.cuifu.reminder.experiment.ExperimentChoice;
import dev.cuifu.reminder.experiment.Experiments;
import dev.cuifu.reminder.experiment.HeldOutOrder;
import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.timeline.Decision;
import dev.cuifu.reminder.timeline.DecisionLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Writes the touches of an unpaid order as rows of {@code touch} ({@link TierPlan} decides which
 * and when) and cancels the ones not yet sent when the order is paid or closed. Runs inside the
 * caller's transaction; every decision goes on the order's timeline.
 */
@Service
public class TouchPlanner {

  private static final Logger log = LoggerFactory.getLogger(TouchPlanner.class);

  private final JdbcClient jdbc;
  private final PlanningPolicies policies;
  private final BuyerHistory history;
  private final DecisionLog decisions;
  private final MeterRegistry meters;
  private final Experiments experiments;

  TouchPlanner(
      JdbcClient jdbc, PlanningPolicies policies, BuyerHistory history, DecisionLog decisions, MeterRegistry meters,
      Experiments experiments) {
    this.jdbc = jdbc;
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
   * dispatch) or holds the order out: no touch, a SKIPPED decision and a holdout record. A batch is
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
          heldOut.add(new HeldOutOrder(choice.experimentId(), order.shopId(), order.orderId(), tier.tier(), tier.dueAt()));
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
        log.info("order {}/{}: {} not planned, {}", order.shopId(), order.orderId(), tier.channel(), tier.reason());
      }
    }
    List<DecisionLog.Entry> decided = new ArrayList<>(insertTouches(rows, now));
    experiments.recordHoldouts(heldOut, now);
    decided.addAll(skipped);
    decisions.recordAll(decided, now);
  }

  /** A touch to write; {@code experiment} is the arm it was assigned to, or null. */
  private record PlannedRow(String shopId, String orderId, TierPlan.Planned tier, ExperimentChoice experiment) {
    String reason() {
      return "due " + tier.dueAt() + (tier.note() == null ? "" : "; " + tier.note())
          + (experiment == null ? "" : "; arm " + experiment.armId() + " of experiment " + experiment.experimentId());
    }

    Long experimentId() {
      return experiment == null ? null : experiment.experimentId();
    }

    String armId() {
      return experiment == null ? null : experiment.armId();
    }
  }

  /** Inserts the rows (an existing tier of an order is left alone) and returns their decisions. */
  private List<DecisionLog.Entry> insertTouches(List<PlannedRow> rows, Instant now) {
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<String, PlannedRow> byKey = new HashMap<>();
    for (PlannedRow row : rows) {
      byKey.put(row.shopId() + "/" + row.orderId() + "/" + row.tier().tier(), row);
    }
    List<DecisionLog.Entry> planned = new ArrayList<>(rows.size());
    jdbc.sql(
            """
            insert into touch (shop_id, order_id, tier, channel, due_at, state, state_reason, planned_at, updated_at,
                               experiment_id, experiment_arm)
            select t.shop_id, t.order_id, t.tier, t.channel, t.due_at, 'PLANNED', t.note, :now, :now, t.experiment_id, t.arm
            from unnest(:shops::text[], :orders::text[], :tiers::int[], :channels::text[], :dues::timestamptz[], :notes::text[],
                        :experiments::bigint[], :arms::text[])
                with ordinality as t(shop_id, order_id, tier, channel, due_at, note, experiment_id, arm, n)
            order by t.n
            on conflict (shop_id, order_id, tier) do nothing
            returning touch_id, shop_id, order_id, tier
            """)
        .param("now", Timestamps.toDb(now))
        .param("shops", texts(rows, PlannedRow::shopId))
        .param("orders", texts(rows, PlannedRow::orderId))
        .param("tiers", ints(rows, row -> row.tier().tier()))
        .param("channels", texts(rows, row -> row.tier().channel().name()))
        .param("dues", instants(rows, row -> row.tier().dueAt()))
        .param("notes", texts(rows, row -> row.tier().note()))
        .param("experiments", longs(rows, PlannedRow::experimentId))
        .param("arms", texts(rows, PlannedRow::armId))
        .query(
            (rs, n) -> {
              PlannedRow row = byKey.get(rs.getString("shop_id") + "/" + rs.getString("order_id") + "/" + rs.getInt("tier"));
              TierPlan.Planned tier = row.tier();
              meters.counter("cuifu.touches.planned", "channel", tier.channel().name()).increment();
              log.info("order {}/{}: {} planned for {}", row.shopId(), row.orderId(), tier.channel(), tier.dueAt());
              return planned.add(
                  new DecisionLog.Entry(
                      row.shopId(), row.orderId(), rs.getLong("touch_id"), tier.tier(), tier.channel().name(), Decision.PLANNED, row.reason()));
            })
        .list();
    return planned;
  }

  /** Cancels every touch of the order that has not gone out; returns how many. */
  public int cancelOpenTouches(String shopId, String orderId, CancelCause cause, String detail, Instant now) {
    return cancelOpenTouches(List.of(new Cancellation(shopId, orderId, cause, detail)), now);
  }

  /** Cancels every touch not gone out of each order, in two statements; returns how many. */
  public int cancelOpenTouches(List<Cancellation> cancellations, Instant now) {
    if (cancellations.isEmpty()) {
      return 0;
    }
    List<DecisionLog.Entry> cancelled =
        jdbc.sql(
                """
                update touch t set state = 'CANCELLED', state_reason = c.reason, updated_at = :now
                from unnest(:shops::text[], :orders::text[], :reasons::text[], :causes::text[]) as c(shop_id, order_id, reason, cause)
                where t.shop_id = c.shop_id and t.order_id = c.order_id and t.state = 'PLANNED'
                returning t.touch_id, t.shop_id, t.order_id, t.tier, t.channel, c.reason, c.cause
                """)
            .param("now", Timestamps.toDb(now))
            .param("shops", texts(cancellations, Cancellation::shopId))
            .param("orders", texts(cancellations, Cancellation::orderId))
            .param("reasons", texts(cancellations, c -> c.cause().reason(c.detail())))
            .param("causes", texts(cancellations, c -> c.cause().name()))
            .query(
                (rs, n) -> {
                  meters.counter("cuifu.touches.cancelled", "cause", rs.getString("cause")).increment();
                  log.info(
                      "order {}/{}: {} touch cancelled, {}",
                      rs.getString("shop_id"),
                      rs.getString("order_id"),
                      rs.getString("channel"),
                      rs.getString("reason"));
                  return new DecisionLog.Entry(
                      rs.getString("shop_id"),
                      rs.getString("order_id"),
                      rs.getLong("touch_id"),
                      rs.getInt("tier"),
                      rs.getString("channel"),
                      Decision.CANCELLED,
                      rs.getString("reason"));
                })
            .list();
    decisions.recordAll(cancelled, now);
    return cancelled.size();
  }
}
