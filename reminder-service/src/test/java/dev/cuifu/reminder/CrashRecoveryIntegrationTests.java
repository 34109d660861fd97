package dev.cuifu.reminder;

import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.cuifu.reminder.CrashingSmsGateway.Crash;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher dies mid-send; after its lease expires, recovery settles the touch by asking the
 * provider: no double send, no silent drop.
 */
class CrashRecoveryIntegrationTests extends ManualDispatchIntegrationTest {

  private static final Duration PAST_THE_LEASE = Duration.ofMinutes(3);

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  @DisplayName("rule: killed between 'marked sending' and the provider call → sent once after the lease expires")
  void killedBeforeTheProviderCall() {
    String orderId = uniqueOrderId();
    String phone = uniquePhone();
    CrashingSmsGateway.crashNextSendTo(phone, Crash.BEFORE_PROVIDER_CALL);
    publish(ENV.ordersTopic(), created(shopId, orderId, phone, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(20)).until(() -> hasSmsTouch(orderId));

    CLOCK.advance(SHOP_DELAY.plusMinutes(1));
    assertThat(catchThrowable(this::dispatchDueNow)).as("the dispatcher died mid-send").isNotNull();
    assertThat(smsTouch(orderId).get("attempt_started_at")).isNotNull();
    dispatchDueNow();
    assertThat(smsTouch(orderId)).as("stuck while the lease holds").containsEntry("state", "SENDING");
    assertThat(OrderToSmsIntegrationTests.smsTo(phone)).isEmpty();

    // lease recovery (clustered, on Quartz) plans it again once the lease has run out
    CLOCK.advance(PAST_THE_LEASE);
    await().atMost(Duration.ofSeconds(20)).until(() -> decisions(orderId).contains("RECOVERED"));
    dispatchDueNow();
    assertThat(smsTouch(orderId)).containsEntry("state", "SENT");
    assertThat(OrderToSmsIntegrationTests.smsTo(phone)).as("sent exactly once").hasSize(1);
    assertThat(decisions(orderId)).contains("RECOVERED", "SENT");
  }

  @Test
  @DisplayName("rule: killed between the provider call and recording the result → recorded from the provider, not resent")
  void killedAfterTheProviderCall() {
    String orderId = uniqueOrderId();
    String phone = uniquePhone();
    CrashingSmsGateway.crashNextSendTo(phone, Crash.AFTER_PROVIDER_CALL);
    publish(ENV.ordersTopic(), created(shopId, orderId, phone, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(20)).until(() -> hasSmsTouch(orderId));

    CLOCK.advance(SHOP_DELAY.plusMinutes(1));
    assertThat(catchThrowable(this::dispatchDueNow)).as("the dispatcher died mid-send").isNotNull();
    assertThat(OrderToSmsIntegrationTests.smsTo(phone)).hasSize(1);
    assertThat(smsTouch(orderId)).as("we never learned the outcome").containsEntry("state", "SENDING");

    // lease recovery (clustered, on Quartz) asks the provider once the lease has run out
    CLOCK.advance(PAST_THE_LEASE);
    await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(smsTouch(orderId).get("state")));
    dispatchDueNow();
    var sms = OrderToSmsIntegrationTests.smsTo(phone);
    assertThat(sms).as("the provider already had it: not sent again").hasSize(1);
    assertThat(smsTouch(orderId)).containsEntry("provider_message_id", sms.get(0).sid());
    assertThat(decisions(orderId)).contains("RECONCILED").doesNotContain("RECOVERED");
  }

  private List<String> decisions(String orderId) {
    return jdbc.sql("select decision from touch_decision where shop_id = ? and order_id = ? order by decision_id")
        .params(shopId, orderId)
        .query(String.class)
        .list();
  }
}
