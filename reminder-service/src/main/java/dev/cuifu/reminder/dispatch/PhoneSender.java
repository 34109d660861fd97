package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.buyer.BuyerHistory;
import dev.cuifu.reminder.phone.PhoneTaskQueue;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.reminder.timeline.Decision;
import dev.cuifu.reminder.touch.ClaimedTouch;
import dev.cuifu.reminder.touch.TouchClaims;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A due phone touch becomes a task in the agents' queue: the task and the touch's SENT state are
 * written in one transaction, and enqueueing is idempotent per touch, so recovery may repeat it.
 * Each touch is queued once its order is found in stock.
 */
@Component
class PhoneSender implements ChannelSender {

  private final PhoneTaskQueue queue;
  private final TouchClaims claims;
  private final BuyerHistory history;
  private final TransactionTemplate transaction;
  private final MeterRegistry meters;
  private final StockGate stock;

  PhoneSender(
      PhoneTaskQueue queue, TouchClaims claims, BuyerHistory history, TransactionTemplate transaction, MeterRegistry meters,
      StockGate stock) {
    this.queue = queue;
    this.claims = claims;
    this.history = history;
    this.transaction = transaction;
    this.meters = meters;
    this.stock = stock;
    meters.counter("cuifu.touches.sent", "channel", Channel.PHONE.name());
  }

  @Override
  public Channel channel() {
    return Channel.PHONE;
  }

  @Override
  public Round open(UUID claim) {
    return this::queueAll;
  }

  private void queueAll(List<ClaimedTouch> touches, ShopPolicy policy, Instant now) {
    for (ClaimedTouch touch : touches) {
      if (stock.inStock(touch, policy, now)) {
        queue(touch, now);
      }
    }
  }

  private void queue(ClaimedTouch touch, Instant now) {
    boolean note = touch.buyerNote() != null && !touch.buyerNote().isBlank();
    int earlierPaid = history.earlierPaidOrders(touch.shopId(), touch.buyerId());
    int priority = PhoneTaskQueue.priority(touch.amountMinor(), earlierPaid, note);
    String why = reason(touch, earlierPaid, note);
    boolean queued =
        Boolean.TRUE.equals(transaction.execute(
            status -> {
              long taskId = queue.enqueue(touch.touchId(), touch.shopId(), touch.orderId(), priority, why, now);
              if (claims.markSent(
                  touch.touchId(), touch.claim(), "task-" + taskId, null, Decision.SENT,
                  "phone task " + taskId + " queued for the agents (priority " + priority + ")", now)) {
                return true;
              }
              // another claim holds the touch now (this one's lease ran out): it queues the task
              status.setRollbackOnly();
              return false;
            }));
    if (queued) {
      meters.counter("cuifu.touches.sent", "channel", Channel.PHONE.name()).increment();
    }
  }

  private static String reason(ClaimedTouch touch, int earlierPaid, boolean note) {
    StringBuilder why = new StringBuilder("unpaid order ").append(ReminderText.amount(touch.amountMinor(), touch.currency()));
    if (earlierPaid > 0) {
      why.append(", returning buyer (").append(earlierPaid).append(" paid orders)");
    }
    if (note) {
      why.append(", buyer note");
    }
    return why.toString();
  }
}
