package dev.cuifu.reminder.order;

import dev.cuifu.common.event.OrderClosed;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.event.OrderPaid;
import dev.cuifu.reminder.phone.PhoneTaskQueue;
import dev.cuifu.reminder.plan.CancelCause;
import dev.cuifu.reminder.plan.PlanningPolicy;
import dev.cuifu.reminder.plan.TouchPlanner;
import dev.cuifu.reminder.touch.OrderStatus;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  private final Timer applyTime;
  private final DistributionSummary batchSize;
  private final Timer paymentApplyTime;

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
    this.applyTime =
        Timer.builder("cuifu.events.batch.apply")
            .description("Time to apply one consumer batch of order events, its commit included")
            .register(meters);
    // docs/architecture.md's "payment consumed -> touches cancelled": the batches that carry a payment, from
    // the records handed to the listener to the commit of their cancellations
    this.paymentApplyTime =
        Timer.builder("cuifu.events.payments.apply")
            .description("Time to apply a consumer batch holding an OrderPaid, from consumed to committed")
            .publishPercentiles(0.5, 0.99)
            .register(meters);
    this.batchSize =
        DistributionSummary.builder("cuifu.events.batch.size")
            .description("Order events per consumer batch")
            .register(meters);
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
    batchSize.record(events.size());
    Timer.Sample consumed = Timer.start(meters);
    applyTime.record(() -> transaction.executeWithoutResult(
        status -> {
          Instant now = clock.instant();
          List<OrderEvent> fresh = orders.markProcessed(events, now);
          // one policy lookup per shop and batch, not per order: the batch is one moment
          Map<String, PlanningPolicy> policies = new HashMap<>();
          List<OrderEvent> applied = new ArrayList<>(fresh.size());
          for (List<OrderEvent> round : rounds(fresh)) {
            applyRound(round, now, policies, applied);
          }
          countConsumed(events, applied);
        }));
    if (events.stream().anyMatch(OrderPaid.class::isInstance)) {
      consumed.stop(paymentApplyTime);
    }
  }

  /**
   * Splits the events into rounds in which each order appears at most once, keeping their order:
   * a round is applied set-wise, a few statements for all its orders, while an order's own events
   * (created, then paid, say) still apply one after the other.
   */
  static List<List<OrderEvent>> rounds(List<OrderEvent> events) {
    List<List<OrderEvent>> rounds = new ArrayList<>();
    List<OrderEvent> round = new ArrayList<>();
    Set<String> ordersInRound = new HashSet<>();
    for (OrderEvent event : events) {
      if (!ordersInRound.add(event.key())) {
        rounds.add(round);
        round = new ArrayList<>();
        ordersInRound.clear();
        ordersInRound.add(event.key());
      }
      round.add(event);
    }
    if (!round.isEmpty()) {
      rounds.add(round);
    }
    return rounds;
  }

  /** Applies one round; adds to {@code applied} its events that were new (a created event seen before is not). */
  private void applyRound(List<OrderEvent> round, Instant now, Map<String, PlanningPolicy> policies, List<OrderEvent> applied) {
    List<OrderCreated> created = ofType(round, OrderCreated.class);
    List<OrderPaid> paid = ofType(round, OrderPaid.class);
    List<OrderClosed> closed = ofType(round, OrderClosed.class);

    List<OrderStateRepository.CreatedOrder> recorded = new ArrayList<>(created.size());
    Map<String, TouchPlanner.UnpaidOrder> plans = new HashMap<>();
    for (OrderCreated order : created) {
      PlanningPolicy policy = policies.computeIfAbsent(order.shopId(), planner::policyFor);
      Instant deadline = TouchPlanner.paymentDeadline(order, policy);
      recorded.add(new OrderStateRepository.CreatedOrder(order, deadline));
      plans.put(order.key(), new TouchPlanner.UnpaidOrder(order, policy, deadline));
    }
    Map<String, OrderStatus> statuses = orders.recordCreated(recorded, now);
    List<TouchPlanner.UnpaidOrder> unpaid = new ArrayList<>();
    List<OrderCreated> paidFirst = new ArrayList<>();
    for (OrderCreated order : created) {
      OrderStatus status = statuses.get(order.key());
      if (status != null) {
        applied.add(order);
      }
      if (status == OrderStatus.UNPAID) {
        unpaid.add(plans.get(order.key()));
      } else if (status == OrderStatus.PAID) {
        paidFirst.add(order);
      }
    }
    planner.planUnpaidOrders(unpaid, now);
    orders.countPaidOrdersInHistory(paidFirst, now);

    applied.addAll(paid);
    applied.addAll(closed);
    orders.recordPaid(paid, now); // counts them in their buyers' history too
    orders.recordClosed(closed, now);
    List<TouchPlanner.Cancellation> cancellations = new ArrayList<>(paid.size() + closed.size());
    for (OrderPaid payment : paid) {
      cancellations.add(new TouchPlanner.Cancellation(payment.shopId(), payment.orderId(), CancelCause.ORDER_PAID, null));
    }
    for (OrderClosed close : closed) {
      cancellations.add(
          new TouchPlanner.Cancellation(close.shopId(), close.orderId(), CancelCause.ORDER_CLOSED, close.reason()));
    }
    planner.cancelOpenTouches(cancellations, now);
    List<PhoneTaskQueue.OrderClose> phoneTaskCloses = new ArrayList<>(paid.size() + closed.size());
    for (OrderPaid payment : paid) {
      phoneTaskCloses.add(new PhoneTaskQueue.OrderClose(payment.shopId(), payment.orderId(), PhoneTaskQueue.CLOSED_PAID));
    }
    for (OrderClosed close : closed) {
      phoneTaskCloses.add(new PhoneTaskQueue.OrderClose(close.shopId(), close.orderId(), PhoneTaskQueue.CLOSED_CLOSED));
    }
    phoneTasks.closeForOrders(phoneTaskCloses, now);
  }

  private static <T extends OrderEvent> List<T> ofType(List<OrderEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private void countConsumed(List<OrderEvent> all, List<OrderEvent> fresh) {
    Map<String, Integer> consumed = new HashMap<>();
    Map<String, Integer> duplicates = new HashMap<>();
    for (OrderEvent event : all) {
      duplicates.merge(event.getClass().getSimpleName(), 1, Integer::sum);
    }
    for (OrderEvent event : fresh) {
      String type = event.getClass().getSimpleName();
      consumed.merge(type, 1, Integer::sum);
      duplicates.merge(type, -1, Integer::sum);
    }
    consumed.forEach((type, n) -> meters.counter("cuifu.events.consumed", "type", type).increment(n));
    duplicates.forEach(
        (type, n) -> {
          if (n > 0) {
            meters.counter("cuifu.events.duplicates", "type", type).increment(n);
          }
        });
  }
}
