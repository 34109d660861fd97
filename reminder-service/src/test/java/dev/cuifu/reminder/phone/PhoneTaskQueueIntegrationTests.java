package dev.cuifu.reminder.phone;

import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The phone queue on the real database, with PHONE touches the service planned. */
class PhoneTaskQueueIntegrationTests extends PhoneTaskIntegrationTestBase {

  @Autowired PhoneTaskQueue queue;
  @Autowired MeterRegistry meters;
  @Autowired TransactionTemplate transactions;

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  void enqueueIsIdempotentPerTouch() {
    String orderId = uniqueOrderId();
    long touchId = phoneTouch(shopId, orderId, "buyer-" + orderId, uniquePhone());
    Instant now = CLOCK.instant();
    double createdBefore = created();

    long first = queue.enqueue(touchId, shopId, orderId, 60, "high value", now);
    long second = queue.enqueue(touchId, shopId, orderId, 99, "again", now.plusSeconds(60));

    assertThat(second).as("the existing task").isEqualTo(first);
    assertThat(queue.open(shopId, 10)).singleElement().satisfies(task -> {
      assertThat(task.taskId()).isEqualTo(first);
      assertThat(task.touchId()).isEqualTo(touchId);
      assertThat(task.shopId()).isEqualTo(shopId);
      assertThat(task.orderId()).isEqualTo(orderId);
      assertThat(task.priority()).as("the first call's, unchanged").isEqualTo(60);
      assertThat(task.reason()).isEqualTo("high value");
      assertThat(task.state()).isEqualTo(PhoneTaskQueue.OPEN);
      assertThat(task.createdAt()).isEqualTo(now.truncatedTo(ChronoUnit.MICROS));
      assertThat(task.closedAt()).isNull();
      assertThat(task.closeReason()).isNull();
    });
    assertThat(created() - createdBefore).as("counted once").isEqualTo(1.0);
  }

  @Test
  void enqueueJoinsTheCallersTransaction() {
    String orderId = uniqueOrderId();
    long touchId = phoneTouch(shopId, orderId, "buyer-" + orderId, uniquePhone());
    double createdBefore = created();

    transactions.executeWithoutResult(status -> {
      queue.enqueue(touchId, shopId, orderId, 60, "high value", CLOCK.instant());
      status.setRollbackOnly();
    });

    assertThat(queue.forTouch(touchId)).as("rolled back with the caller").isEmpty();
    assertThat(created() - createdBefore).as("not counted when rolled back").isZero();
  }

  @Test
  void openOrdersByPriorityThenAgeAndNeverShowsAnotherShopsTasks() {
    Instant t0 = CLOCK.instant();
    String low = uniqueOrderId();
    String highOld = uniqueOrderId();
    String highNew = uniqueOrderId();
    String mid = uniqueOrderId();
    long lowTask = queue.enqueue(phoneTouch(shopId, low, "b-" + low, uniquePhone()), shopId, low, 10, null, t0);
    long highNewTask =
        queue.enqueue(phoneTouch(shopId, highNew, "b-" + highNew, uniquePhone()), shopId, highNew, 90, null, t0.plusSeconds(20));
    long highOldTask =
        queue.enqueue(phoneTouch(shopId, highOld, "b-" + highOld, uniquePhone()), shopId, highOld, 90, null, t0.plusSeconds(10));
    long midTask = queue.enqueue(phoneTouch(shopId, mid, "b-" + mid, uniquePhone()), shopId, mid, 50, null, t0);

    String otherShop = newShop();
    String foreign = uniqueOrderId();
    long foreignTask =
        queue.enqueue(phoneTouch(otherShop, foreign, "b-" + foreign, uniquePhone()), otherShop, foreign, 195, null, t0);

    assertThat(queue.open(shopId, 10))
        .extracting(PhoneTask::taskId)
        .as("priority first, then the older of equal priority; no other shop's task")
        .containsExactly(highOldTask, highNewTask, midTask, lowTask);
    assertThat(queue.open(shopId, 2)).extracting(PhoneTask::taskId).containsExactly(highOldTask, highNewTask);
    assertThat(queue.open(otherShop, 10)).extracting(PhoneTask::taskId).containsExactly(foreignTask);
  }

  @Test
  void closeForOrderClosesOnlyThatOrdersOpenTasksAndReportsTheCount() {
    Instant now = CLOCK.instant();
    String paidOrder = uniqueOrderId();
    String otherOrder = uniqueOrderId();
    long paidTask = queue.enqueue(phoneTouch(shopId, paidOrder, "b-" + paidOrder, uniquePhone()), shopId, paidOrder, 50, null, now);
    long otherTask = queue.enqueue(phoneTouch(shopId, otherOrder, "b-" + otherOrder, uniquePhone()), shopId, otherOrder, 50, null, now);
    String otherShop = newShop();
    long sameOrderIdElsewhere =
        queue.enqueue(phoneTouch(otherShop, paidOrder, "b2-" + paidOrder, uniquePhone()), otherShop, paidOrder, 50, null, now);
    double paidBefore = closed(PhoneTaskQueue.CLOSED_PAID);

    Instant later = now.plusSeconds(300);
    assertThat(queue.closeForOrder(shopId, paidOrder, PhoneTaskQueue.CLOSED_PAID, later)).isEqualTo(1);
    assertThat(queue.closeForOrder(shopId, paidOrder, PhoneTaskQueue.CLOSED_CLOSED, later.plusSeconds(1)))
        .as("nothing open any more")
        .isZero();

    assertThat(queue.open(shopId, 10)).extracting(PhoneTask::taskId).containsExactly(otherTask);
    assertThat(queue.open(otherShop, 10))
        .as("the same order id in another shop stays open")
        .extracting(PhoneTask::taskId)
        .containsExactly(sameOrderIdElsewhere);
    PhoneTask closedTask = jdbcTask(paidTask);
    assertThat(closedTask.state()).isEqualTo(PhoneTaskQueue.CLOSED);
    assertThat(closedTask.closedAt()).isEqualTo(later.truncatedTo(ChronoUnit.MICROS));
    assertThat(closedTask.closeReason()).as("the first close stands").isEqualTo("paid");
    assertThat(closed(PhoneTaskQueue.CLOSED_PAID) - paidBefore).isEqualTo(1.0);
  }

  @Test
  void closeForOrdersClosesABatchsOrdersEachWithItsOwnReason() {
    Instant now = CLOCK.instant();
    String paidOrder = uniqueOrderId();
    String closedOrder = uniqueOrderId();
    String untouchedOrder = uniqueOrderId();
    long paidTask = queue.enqueue(phoneTouch(shopId, paidOrder, "b-" + paidOrder, uniquePhone()), shopId, paidOrder, 50, null, now);
    long closedTask =
        queue.enqueue(phoneTouch(shopId, closedOrder, "b-" + closedOrder, uniquePhone()), shopId, closedOrder, 50, null, now);
    long untouchedTask =
        queue.enqueue(phoneTouch(shopId, untouchedOrder, "b-" + untouchedOrder, uniquePhone()), shopId, untouchedOrder, 50, null, now);
    double paidBefore = closed(PhoneTaskQueue.CLOSED_PAID);
    double closedBefore = closed(PhoneTaskQueue.CLOSED_CLOSED);

    int count =
        queue.closeForOrders(
            List.of(
                new PhoneTaskQueue.OrderClose(shopId, paidOrder, PhoneTaskQueue.CLOSED_PAID),
                new PhoneTaskQueue.OrderClose(shopId, closedOrder, PhoneTaskQueue.CLOSED_CLOSED),
                new PhoneTaskQueue.OrderClose(shopId, uniqueOrderId(), PhoneTaskQueue.CLOSED_PAID)),
            now.plusSeconds(60));

    assertThat(count).isEqualTo(2);
    assertThat(jdbcTask(paidTask).closeReason()).isEqualTo("paid");
    assertThat(jdbcTask(closedTask).closeReason()).isEqualTo("closed");
    assertThat(jdbcTask(untouchedTask).state()).isEqualTo(PhoneTaskQueue.OPEN);
    assertThat(closed(PhoneTaskQueue.CLOSED_PAID) - paidBefore).isEqualTo(1.0);
    assertThat(closed(PhoneTaskQueue.CLOSED_CLOSED) - closedBefore).isEqualTo(1.0);
  }

  private PhoneTask jdbcTask(long taskId) {
    long touchId =
        jdbc.sql("select touch_id from phone_task where task_id = ?").param(taskId).query(Long.class).single();
    return queue.forTouch(touchId).orElseThrow();
  }

  private double created() {
    return meters.counter("cuifu.phone.tasks.created").count();
  }

  private double closed(String reason) {
    return meters.counter("cuifu.phone.tasks.closed", "reason", reason).count();
  }
}
