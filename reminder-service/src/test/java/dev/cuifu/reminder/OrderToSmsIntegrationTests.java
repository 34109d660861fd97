package dev.cuifu.reminder;

import static dev.cuifu.reminder.ReminderTestSupport.closed;
import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.paid;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.twilioStub;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.testing.twilio.StubMessage;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** An order's way to its SMS, one dispatch at a time by hand (the sweep is off). */
class OrderToSmsIntegrationTests extends ManualDispatchIntegrationTest {

  @Autowired MeterRegistry meters;

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  void anUnpaidOrderGetsExactlyOneSmsAfterTheShopDelayWithTheOrderDetails() {
    String orderId = uniqueOrderId();
    String phone = uniquePhone();
    double sentBefore = sentCount();
    publish(ENV.ordersTopic(), created(shopId, orderId, phone, CLOCK.instant()));

    awaitTouchState(orderId, "PLANNED");
    CLOCK.advance(SHOP_DELAY.minusMinutes(1));
    dispatchDueNow();
    assertThat(smsTo(phone)).as("no SMS before the shop's delay").isEmpty();

    CLOCK.advance(Duration.ofMinutes(2));
    dispatchDueNow();
    dispatchDueNow(); // a second run sends nothing more
    List<StubMessage> sms = smsTo(phone);
    assertThat(sms).as("exactly one SMS per unpaid order").hasSize(1);
    assertThat(sms.get(0).body()).contains(orderId, "羊毛围巾 红色", "128.00 CNY");
    assertThat(sms.get(0).from()).isEqualTo("+14155550100");

    Map<String, Object> touch = smsTouch(orderId);
    assertThat(touch).containsEntry("state", "SENT").containsEntry("provider_message_id", sms.get(0).sid());
    assertThat(sentCount()).isEqualTo(sentBefore + 1);
  }

  @Test
  void withTheSweepOffADueTouchWaitsUntilADispatchIsRunByHand() {
    String orderId = uniqueOrderId();
    String phone = uniquePhone();
    publish(ENV.ordersTopic(), created(shopId, orderId, phone, CLOCK.instant()));
    awaitTouchState(orderId, "PLANNED");

    CLOCK.advance(SHOP_DELAY.plusMinutes(1));
    pause(Duration.ofSeconds(1)); // five sweep intervals: a running sweep would have sent it
    assertThat(smsTo(phone)).as("nothing goes out behind the test's back").isEmpty();
    assertThat(smsTouch(orderId)).containsEntry("state", "PLANNED");

    assertThat(dispatchDueNow()).as("touches claimed").isPositive();
    assertThat(smsTo(phone)).hasSize(1);
    assertThat(smsTouch(orderId)).containsEntry("state", "SENT");
  }

  @Test
  void anOrderPaidBeforeTheDelayGetsNoSmsEverAndItsTouchIsCancelledWithTheReason() {
    String orderId = uniqueOrderId();
    String phone = uniquePhone();
    Instant placed = CLOCK.instant();
    publish(ENV.ordersTopic(), created(shopId, orderId, phone, placed));
    awaitTouchState(orderId, "PLANNED");

    CLOCK.advance(Duration.ofMinutes(5));
    publish(ENV.ordersTopic(), paid(shopId, orderId, CLOCK.instant()));
    awaitTouchState(orderId, "CANCELLED");

    CLOCK.advance(Duration.ofHours(4));
    dispatchDueNow();
    assertThat(smsTo(phone)).as("a paid order is never reminded").isEmpty();
    assertThat(smsTouch(orderId)).containsEntry("state_reason", "order paid");
    assertThat(order(orderId)).containsEntry("status", "PAID");
  }

  @Test
  void anOrderClosedBeforeTheDelayGetsNoSms() {
    String orderId = uniqueOrderId();
    String phone = uniquePhone();
    publish(ENV.ordersTopic(), created(shopId, orderId, phone, CLOCK.instant()));
    awaitTouchState(orderId, "PLANNED");
    publish(ENV.ordersTopic(), closed(shopId, orderId, CLOCK.instant()));
    awaitTouchState(orderId, "CANCELLED");

    CLOCK.advance(Duration.ofHours(1));
    dispatchDueNow();
    assertThat(smsTo(phone)).isEmpty();
    assertThat(smsTouch(orderId)).containsEntry("state_reason", "order closed: buyer cancelled");
  }

  @Test
  void duplicatesAndPaidBeforeCreatedEndInTheSameStateAsACleanRun() {
    Instant placed = CLOCK.instant();
    Instant payment = placed.plusSeconds(120);

    String clean = uniqueOrderId();
    String cleanPhone = uniquePhone();
    publish(ENV.ordersTopic(), created(shopId, clean, cleanPhone, placed));
    publish(ENV.ordersTopic(), paid(shopId, clean, payment));

    String duplicated = uniqueOrderId();
    String duplicatedPhone = uniquePhone();
    OrderCreated duplicatedCreated = created(shopId, duplicated, duplicatedPhone, placed);
    publish(ENV.ordersTopic(), duplicatedCreated);
    publish(ENV.ordersTopic(), duplicatedCreated);
    publish(ENV.ordersTopic(), paid(shopId, duplicated, payment));
    publish(ENV.ordersTopic(), duplicatedCreated);
    publish(ENV.ordersTopic(), paid(shopId, duplicated, payment));

    String reversed = uniqueOrderId();
    String reversedPhone = uniquePhone();
    publish(ENV.ordersTopic(), paid(shopId, reversed, payment));
    publish(ENV.ordersTopic(), created(shopId, reversed, reversedPhone, placed));
    publish(ENV.ordersTopic(), paid(shopId, reversed, payment));

    await().atMost(Duration.ofSeconds(20))
        .until(() -> eventsApplied(clean) == 2 && eventsApplied(duplicated) == 2 && eventsApplied(reversed) == 2);
    CLOCK.advance(Duration.ofHours(2));
    dispatchDueNow();

    Map<String, Object> cleanOrder = comparable(order(clean));
    assertThat(comparable(order(duplicated))).as("duplicates change nothing").isEqualTo(cleanOrder);
    assertThat(comparable(order(reversed))).as("paid-before-created ends paid, with the details").isEqualTo(cleanOrder);
    assertThat(touchStates(clean)).isNotEmpty().containsOnly("CANCELLED");
    assertThat(touchStates(duplicated)).as("duplicates plan nothing twice").isEqualTo(touchStates(clean));
    assertThat(touchStates(reversed)).as("a paid order gets no plan at all").isEmpty();
    assertThat(smsTo(cleanPhone)).isEmpty();
    assertThat(smsTo(duplicatedPhone)).isEmpty();
    assertThat(smsTo(reversedPhone)).isEmpty();
  }

  @Test
  void aCreatedEventDeliveredTwicePlansOneTouchAndSendsOneSms() {
    String orderId = uniqueOrderId();
    String phone = uniquePhone();
    OrderCreated order = created(shopId, orderId, phone, CLOCK.instant());
    publish(ENV.ordersTopic(), order);
    publish(ENV.ordersTopic(), order);
    await().atMost(Duration.ofSeconds(20)).until(() -> hasSmsTouch(orderId));
    int planned = touches(orderId).size();

    CLOCK.advance(SHOP_DELAY.plusMinutes(1));
    dispatchDueNow();
    dispatchDueNow(); // a second run sends nothing more
    assertThat(smsTo(phone)).hasSize(1);
    assertThat(touches(orderId)).as("one touch per tier, however often the event came").hasSize(planned);
  }

  private double sentCount() {
    var counter = meters.find("cuifu.touches.sent").tag("channel", "SMS").counter();
    return counter == null ? 0 : counter.count();
  }

  /** The order's row without the columns that name it or record when we wrote it. */
  private static Map<String, Object> comparable(Map<String, Object> row) {
    return row.entrySet().stream()
        .filter(e -> !List.of("order_id", "buyer_id", "buyer_phone", "updated_at", "created_event_id", "created_applied_at").contains(e.getKey()))
        .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
  }

  private List<String> touchStates(String orderId) {
    return touches(orderId).stream().map(t -> (String) t.get("state")).toList();
  }

  private void awaitTouchState(String orderId, String state) {
    await().atMost(Duration.ofSeconds(20))
        .until(() -> hasSmsTouch(orderId) && state.equals(smsTouch(orderId).get("state")));
  }

  static List<StubMessage> smsTo(String phone) {
    return twilioStub().messages().stream().filter(m -> phone.equals(m.to())).toList();
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
