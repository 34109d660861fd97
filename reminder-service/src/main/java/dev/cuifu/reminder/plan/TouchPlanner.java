package dev.cuifu.reminder.plan;

import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.reminder.buyer.BuyerHistory;
import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.timeline.Decision;
import dev.cuifu.reminder.timeline.DecisionLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
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

  TouchPlanner(
      JdbcClient jdbc, PlanningPolicies policies, BuyerHistory history, DecisionLog decisions, MeterRegistry meters) {
    this.jdbc = jdbc;
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

  /** Plans every tier the order qualifies for; skipped tiers are recorded with their reason. */
  public void planUnpaidOrder(OrderCreated order, PlanningPolicy policy, Instant deadline, Instant now) {
    TierPlan.Result plan =
        TierPlan.plan(order, policy, deadline, history.earlierPaidOrders(order.shopId(), order.buyerId()));
    for (TierPlan.Planned tier : plan.planned()) {
      Long touchId =
          jdbc.sql(
                  """
                  insert into touch (shop_id, order_id, tier, channel, due_at, state, state_reason, planned_at, updated_at)
                  values (?, ?, ?, ?, ?, 'PLANNED', ?, ?, ?)
                  on conflict (shop_id, order_id, tier) do nothing
                  returning touch_id
                  """)
              .params(
                  order.shopId(),
                  order.orderId(),
                  tier.tier(),
                  tier.channel().name(),
                  Timestamps.toDb(tier.dueAt()),
                  tier.note(),
                  Timestamps.toDb(now),
                  Timestamps.toDb(now))
              .query(Long.class)
              .optional()
              .orElse(null);
      if (touchId != null) {
        meters.counter("cuifu.touches.planned", "channel", tier.channel().name()).increment();
        String reason = "due " + tier.dueAt() + (tier.note() == null ? "" : "; " + tier.note());
        decisions.record(order.shopId(), order.orderId(), touchId, tier.tier(), tier.channel().name(), Decision.PLANNED, reason, now);
        log.info("order {}/{}: {} planned for {}", order.shopId(), order.orderId(), tier.channel(), tier.dueAt());
      }
    }
    for (TierPlan.Skipped tier : plan.skipped()) {
      decisions.record(order.shopId(), order.orderId(), null, tier.tier(), tier.channel().name(), Decision.SKIPPED, tier.reason(), now);
      log.info("order {}/{}: {} not planned, {}", order.shopId(), order.orderId(), tier.channel(), tier.reason());
    }
  }

  /** Cancels every touch of the order that has not gone out; returns how many. */
  public int cancelOpenTouches(String shopId, String orderId, CancelCause cause, String detail, Instant now) {
    String reason = cause.reason(detail);
    List<Long> cancelled =
        jdbc.sql(
                """
                update touch set state = 'CANCELLED', state_reason = ?, updated_at = ?
                where shop_id = ? and order_id = ? and state = 'PLANNED'
                returning touch_id
                """)
            .params(reason, Timestamps.toDb(now), shopId, orderId)
            .query(Long.class)
            .list();
    for (Long touchId : cancelled) {
      decisions.record(touchId, Decision.CANCELLED, reason, now);
    }
    if (!cancelled.isEmpty()) {
      meters.counter("cuifu.touches.cancelled", "cause", cause.name()).increment(cancelled.size());
      log.info("order {}/{}: {} touch(es) cancelled, {}", shopId, orderId, cancelled.size(), reason);
    }
    return cancelled.size();
  }
}
