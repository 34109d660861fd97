package dev.cuifu.reminder.order;

import static dev.cuifu.reminder.ReminderTestSupport.anOrder;
import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static dev.cuifu.reminder.ReminderTestSupport.closed;
import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.paid;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.cuifu.common.event.Money;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.event.OrderPaid;
import dev.cuifu.reminder.ReminderIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * A consumer batch is applied set-wise (a few statements for all its orders); these batches hold
 * what set-wise application could get wrong: one order's events in sequence, repeats, several
 * orders of one buyer, a payment before its order.
 */
class OrderEventBatchIntegrationTests extends ReminderIntegrationTest {

  @Autowired OrderEventProcessor processor;
  @Autowired MockMvcTester mvc;

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  void anOrderCreatedAndPaidInOneBatchEndsPaidWithEveryTouchCancelled() {
    String orderId = uniqueOrderId();
    Instant at = CLOCK.instant();

    processor.apply(List.of(created(shopId, orderId, uniquePhone(), at), paid(shopId, orderId, at.plusSeconds(5))));

    assertThat(order(orderId)).containsEntry("status", "PAID");
    assertThat(touches(orderId)).isNotEmpty().allSatisfy(touch -> assertThat(touch).containsEntry("state", "CANCELLED"));
  }

  @Test
  void aPaymentBeforeItsOrderInOneBatchPlansNothingAndCountsTheOrderOnce() {
    String orderId = uniqueOrderId();
    Instant at = CLOCK.instant();
    var order = created(shopId, orderId, uniquePhone(), at);

    processor.apply(List.of(paid(shopId, orderId, at), order));

    assertThat(order(orderId)).containsEntry("status", "PAID");
    assertThat(touches(orderId)).isEmpty();
    assertThat(paidOrdersOf(order.buyerId())).isEqualTo(1);
  }

  @Test
  void aPaidOrderCountsOnceInItsBuyersHistoryWhateverPaymentsFollow() {
    String orderId = uniqueOrderId();
    Instant at = CLOCK.instant();
    var order = created(shopId, orderId, uniquePhone(), at);
    processor.apply(List.of(order));

    processor.apply(List.of(paid(shopId, orderId, at.plusSeconds(30))));
    assertThat(paidOrdersOf(order.buyerId())).isEqualTo(1);

    // the shop sends the payment again under an event id of its own, and a redelivery of the first
    OrderPaid again = new OrderPaid("paid-again-" + orderId, OrderEvent.SCHEMA_VERSION, shopId, orderId,
        at.plusSeconds(90), new Money(12_800L, "CNY"), at.plusSeconds(90));
    processor.apply(List.of(again, paid(shopId, orderId, at.plusSeconds(30))));

    assertThat(order(orderId)).containsEntry("status", "PAID");
    assertThat(paidOrdersOf(order.buyerId())).isEqualTo(1);
  }

  @Test
  void repeatedEventsInOneBatchApplyOnceAndAReplayedBatchChangesNothing() {
    String orderId = uniqueOrderId();
    var order = created(shopId, orderId, uniquePhone(), CLOCK.instant());

    processor.apply(List.of(order, order));
    processor.apply(List.of(order));

    assertThat(touches(orderId)).extracting(touch -> touch.get("tier")).doesNotHaveDuplicates().isNotEmpty();
    assertThat(eventsApplied(orderId)).isEqualTo(1);
    assertThat(onTheTimeline(orderId, "PLANNED")).isEqualTo(touches(orderId).size());
  }

  @Test
  void severalPaidOrdersOfOneBuyerInOneBatchAllCountInTheBuyersHistory() {
    String buyer = "buyer-" + uniqueOrderId();
    String phone = uniquePhone();
    Instant at = CLOCK.instant();
    List<OrderEvent> batch = new ArrayList<>();
    List<String> orderIds = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String orderId = uniqueOrderId();
      orderIds.add(orderId);
      batch.add(anOrder(shopId, orderId, buyer, phone, at, 12_800L, null, null));
    }
    for (String orderId : orderIds) {
      batch.add(paid(shopId, orderId, at.plusSeconds(30)));
    }

    processor.apply(batch);

    assertThat(paidOrdersOf(buyer)).isEqualTo(3);
    for (String orderId : orderIds) {
      assertThat(touches(orderId)).allSatisfy(touch -> assertThat(touch).containsEntry("state", "CANCELLED"));
      assertThat(onTheTimeline(orderId, "CANCELLED")).isEqualTo(touches(orderId).size());
    }
  }

  @Test
  void aCloseCancelsWithItsOwnReasonBesideAPaymentInTheSameBatch() {
    String paidOrder = uniqueOrderId();
    String closedOrder = uniqueOrderId();
    Instant at = CLOCK.instant();
    processor.apply(List.of(created(shopId, paidOrder, uniquePhone(), at), created(shopId, closedOrder, uniquePhone(), at)));

    processor.apply(List.of(paid(shopId, paidOrder, at.plusSeconds(60)), closed(shopId, closedOrder, at.plusSeconds(60))));

    assertThat(smsTouch(paidOrder)).containsEntry("state", "CANCELLED").containsEntry("state_reason", "order paid");
    assertThat(smsTouch(closedOrder))
        .containsEntry("state", "CANCELLED")
        .containsEntry("state_reason", "order closed: buyer cancelled");
    assertThat(order(closedOrder)).containsEntry("status", "CLOSED");
  }

  private int paidOrdersOf(String buyerId) {
    return jdbc.sql("select coalesce(sum(paid_orders), 0) from buyer_history where shop_id = ? and buyer_id = ?")
        .params(shopId, buyerId)
        .query(Integer.class)
        .single();
  }

  /** Touch entries the order's timeline shows of one kind, one per touch whichever way it is stored (V27, V29). */
  private long onTheTimeline(String orderId, String what) {
    byte[] body = mvc.get().uri("/api/v1/orders/{id}/timeline", orderId).header("X-Api-Key", apiKey(shopId)).exchange().getResponse().getContentAsByteArray();
    String json = new String(body, StandardCharsets.UTF_8);
    List<String> entries = JsonPath.read(json, "$.entries[?(@.what == '" + what + "')].what");
    return entries.size();
  }
}
