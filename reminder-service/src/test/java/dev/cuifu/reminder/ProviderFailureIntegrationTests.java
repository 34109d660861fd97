package dev.cuifu.reminder;

import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.twilioStub;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.testing.twilio.StubFailure;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the dispatcher does with the provider's refusals, by their meaning (one batch at a time, by hand). */
class ProviderFailureIntegrationTests extends ManualDispatchIntegrationTest {

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  void anInvalidNumberFailsTheTouchForGoodWithTheTwilioCodeAndIsNotRetried() {
    String orderId = uniqueOrderId();
    String phone = uniquePhone();
    twilioStub().addFailure(StubFailure.error(400, 21211, "The 'To' number is not a valid phone number.").always().forTo(phone));
    publish(ENV.ordersTopic(), created(shopId, orderId, phone, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(20)).until(() -> hasSmsTouch(orderId));

    CLOCK.advance(SHOP_DELAY.plusMinutes(1));
    dispatchDueNow();
    Map<String, Object> touch = smsTouch(orderId);
    assertThat(touch).containsEntry("state", "FAILED");
    assertThat((String) touch.get("state_reason")).contains("permanent").contains("21211");
    assertThat(touch.get("attempts")).isEqualTo(1);

    CLOCK.advance(Duration.ofHours(1));
    dispatchDueNow();
    assertThat(smsTouch(orderId)).as("a permanent failure is never retried").containsEntry("attempts", 1);
  }

  @Test
  void aProviderOutageIsRetriedLaterAndTheSmsGoesOutOnce() {
    String orderId = uniqueOrderId();
    String phone = uniquePhone();
    twilioStub().addFailure(StubFailure.error(503, 20503, "Service unavailable").times(1).forTo(phone));
    publish(ENV.ordersTopic(), created(shopId, orderId, phone, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(20)).until(() -> hasSmsTouch(orderId));

    CLOCK.advance(SHOP_DELAY.plusMinutes(1));
    dispatchDueNow();
    Map<String, Object> deferred = smsTouch(orderId);
    assertThat(deferred).containsEntry("state", "PLANNED");
    assertThat((String) deferred.get("state_reason")).contains("retryable");
    assertThat(OrderToSmsIntegrationTests.smsTo(phone)).isEmpty();

    CLOCK.advance(Duration.ofMinutes(2));
    dispatchDueNow();
    assertThat(smsTouch(orderId)).containsEntry("state", "SENT");
    assertThat(OrderToSmsIntegrationTests.smsTo(phone)).hasSize(1);
    assertThat(smsTouch(orderId)).containsEntry("attempts", 2);
  }
}
