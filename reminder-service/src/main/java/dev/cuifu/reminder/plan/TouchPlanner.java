package dev.cuifu.reminder.plan;

import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.shop.Shop;
import dev.cuifu.reminder.shop.ShopDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Decides the touches of an unpaid order and writes them as rows of {@code touch}; cancels the
 * ones not yet sent when the order is paid or closed. Runs inside the caller's transaction.
 */
@Service
public class TouchPlanner {

  /** Tier 1: the first SMS. Later tiers (chat, phone) come with per-shop policy. */
  static final int SMS_TIER = 1;

  private static final Logger log = LoggerFactory.getLogger(TouchPlanner.class);

  private final JdbcClient jdbc;
  private final ShopDirectory shops;
  private final PlanProperties properties;
  private final MeterRegistry meters;

  TouchPlanner(JdbcClient jdbc, ShopDirectory shops, PlanProperties properties, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.shops = shops;
    this.properties = properties;
    this.meters = meters;
    meters.counter("cuifu.touches.planned", "channel", Channel.SMS.name());
    for (CancelCause cause : CancelCause.values()) {
      meters.counter("cuifu.touches.cancelled", "cause", cause.name());
    }
  }

  /** The deadline the order's touches must beat: the event's, else the default window. */
  public Instant paymentDeadline(OrderCreated order) {
    return order.paymentDeadline() != null
        ? order.paymentDeadline()
        : order.occurredAt().plus(properties.defaultPaymentDeadline());
  }

  /** Plans the SMS tier at created + the shop's delay, unless that falls after the deadline. */
  public void planUnpaidOrder(OrderCreated order, Instant deadline, Instant now) {
    Duration delay =
        shops.find(order.shopId()).map(Shop::smsDelay).orElse(properties.defaultSmsDelay());
    Instant due = order.occurredAt().plus(delay);
    if (due.isAfter(deadline)) {
      log.info("order {}/{}: no SMS planned, due {} is after the payment deadline {}", order.shopId(), order.orderId(), due, deadline);
      return;
    }
    int planned =
        jdbc.sql(
                """
                insert into touch (shop_id, order_id, tier, channel, due_at, state, planned_at, updated_at)
                values (?, ?, ?, ?, ?, 'PLANNED', ?, ?)
                on conflict (shop_id, order_id, tier) do nothing
                """)
            .params(
                order.shopId(),
                order.orderId(),
                SMS_TIER,
                Channel.SMS.name(),
                Timestamps.toDb(due),
                Timestamps.toDb(now),
                Timestamps.toDb(now))
            .update();
    if (planned > 0) {
      meters.counter("cuifu.touches.planned", "channel", Channel.SMS.name()).increment(planned);
      log.info("order {}/{}: SMS planned for {}", order.shopId(), order.orderId(), due);
    }
  }

  /** Cancels every touch of the order that has not gone out; returns how many. */
  public int cancelOpenTouches(
      String shopId, String orderId, CancelCause cause, String detail, Instant now) {
    String reason = cause.reason(detail);
    int cancelled =
        jdbc.sql(
                """
                update touch set state = 'CANCELLED', state_reason = ?, updated_at = ?
                where shop_id = ? and order_id = ? and state = 'PLANNED'
                """)
            .params(reason, Timestamps.toDb(now), shopId, orderId)
            .update();
    if (cancelled > 0) {
      meters.counter("cuifu.touches.cancelled", "cause", cause.name()).increment(cancelled);
      log.info("order {}/{}: {} touch(es) cancelled, {}", shopId, orderId, cancelled, reason);
    }
    return cancelled;
  }
}
