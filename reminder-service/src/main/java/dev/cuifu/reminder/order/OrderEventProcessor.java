package dev.cuifu.reminder.order;

import dev.cuifu.common.event.OrderClosed;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.event.OrderPaid;
import dev.cuifu.reminder.phone.PhoneTaskQueue;
import dev.cuifu.reminder.plan.CancelCause;
import dev.cuifu.reminder.plan.PlanningPolicy;
import dev.cuifu.reminder.plan.TouchPlanner;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a batch of order events in one transaction: order state, then the plan. Idempotent by
 * event id, and tolerant of a payment or close that arrives before the order itself.
 */
@Service
public class OrderEventProcessor {

  private final OrderStateRepository orders;
  private final TouchPlanner planner;
  private final PhoneTaskQueue phoneTasks;
  private final TransactionTemplate transaction;
  private final Clock clock;
  private final MeterRegistry meters;

  OrderEventProcessor(
      OrderStateRepository orders,
      TouchPlanner planner,
      PhoneTaskQueue phoneTasks,
      TransactionTemplate transaction,
      Clock clock,
      MeterRegistry meters) {
    this.orders = orders;
    this.planner = planner;
    this.phoneTasks = phoneTasks;
    this.transaction = transaction;
    this.clock = clock;
    this.meters = meters;
    // registered up front so dashboards see zeros, not gaps, before the first event
    for (String type : List.of("OrderCreated", "OrderPaid", "OrderClosed")) {
      meters.counter("cuifu.events.consumed", "type", type);
      meters.counter("cuifu.events.duplicates", "type", type);
    }
  }

  public void apply(List<OrderEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    transaction.executeWithoutResult(
        status -> {
          Instant now = clock.instant();
          // one policy lookup per shop and batch, not per order: the batch is one moment
          Map<String, PlanningPolicy> policies = new HashMap<>();
          for (OrderEvent event : events) {
            applyOne(event, now, policies);
          }
        });
  }

  private void applyOne(OrderEvent event, Instant now, Map<String, PlanningPolicy> policies) {
    String type = event.getClass().getSimpleName();
    if (!orders.markProcessed(event, type, now)) {
      meters.counter("cuifu.events.duplicates", "type", type).increment();
      return;
    }
    meters.counter("cuifu.events.consumed", "type", type).increment();
    if (event instanceof OrderCreated created) {
      PlanningPolicy policy = policies.computeIfAbsent(created.shopId(), planner::policyFor);
      Instant deadline = TouchPlanner.paymentDeadline(created, policy);
      OrderStatus status = orders.recordCreated(created, deadline, now);
      if (status == OrderStatus.UNPAID) {
        planner.planUnpaidOrder(created, policy, deadline, now);
      } else if (status == OrderStatus.PAID) {
        orders.countPaidOrderInHistory(created.shopId(), created.orderId(), now);
      }
    } else if (event instanceof OrderPaid paid) {
      orders.recordPaid(paid, now);
      orders.countPaidOrderInHistory(paid.shopId(), paid.orderId(), now);
      planner.cancelOpenTouches(paid.shopId(), paid.orderId(), CancelCause.ORDER_PAID, null, now);
      phoneTasks.closeForOrder(paid.shopId(), paid.orderId(), PhoneTaskQueue.CLOSED_PAID, now);
    } else if (event instanceof OrderClosed closed) {
      orders.recordClosed(closed, now);
      planner.cancelOpenTouches(
          closed.shopId(), closed.orderId(), CancelCause.ORDER_CLOSED, closed.reason(), now);
      phoneTasks.closeForOrder(closed.shopId(), closed.orderId(), PhoneTaskQueue.CLOSED_CLOSED, now);
    }
  }
}
