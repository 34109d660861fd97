package dev.cuifu.reminder.channel.sms;

import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.twilioStub;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.reminder.ManualDispatchIntegrationTest;
import dev.cuifu.reminder.optout.OptOutRegistry;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.testing.twilio.TwilioStubServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole delivery-report loop over real HTTP: an order → an SMS through the real SDK carrying
 * our StatusCallback URL → the Twilio stub posts each status, signed with the auth token, to the
 * running service → the touch shows what Twilio reported.
 */
class StatusCallbackRoundTripIntegrationTests extends ManualDispatchIntegrationTest {

  @Autowired OptOutRegistry optOuts;

  private String phone;

  @BeforeEach
  void shop() {
    shopId = newShop();
    phone = uniquePhone();
  }

  /** Places an order and lets its SMS go out; returns the order id. */
  private String orderWithSentSms() {
    String orderId = uniqueOrderId();
    publish(ENV.ordersTopic(), created(shopId, orderId, phone, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(20)).until(() -> hasSmsTouch(orderId));
    CLOCK.advance(SHOP_DELAY.plusMinutes(1));
    dispatchDueNow();
    assertThat(smsTouch(orderId)).containsEntry("state", "SENT");
    return orderId;
  }

  private List<TwilioStubServer.Callback> deliver(String orderId) {
    String sid = (String) smsTouch(orderId).get("provider_message_id");
    assertThat(twilioStub().message(sid).orElseThrow().statusCallback())
        .as("the service asked Twilio to report to its own /twilio/status, retrying a failed report 3 times")
        .isEqualTo(STATUS_CALLBACK_URL + "#rc=3&rp=all");
    return twilioStub().deliver(sid);
  }

  @Test
  @DisplayName("rule: Twilio's queued → sent → delivered callbacks, signed, arrive over HTTP and the touch shows delivered")
  void deliveredRoundTrip() {
    String orderId = orderWithSentSms();

    List<TwilioStubServer.Callback> callbacks = deliver(orderId);

    assertThat(callbacks).extracting(TwilioStubServer.Callback::status).containsExactly("queued", "sent", "delivered");
    assertThat(callbacks).as("each accepted: the signature verified").extracting(TwilioStubServer.Callback::httpStatus)
        .containsOnly(204);
    await().atMost(Duration.ofSeconds(5)).until(() -> "delivered".equals(smsTouch(orderId).get("delivery_status")));
    assertThat(smsTouch(orderId)).containsEntry("state", "SENT").containsEntry("delivery_error_code", null);
    assertThat(deliveryDecisions(orderId))
        .containsExactly("delivery status: queued", "delivery status: sent", "delivery status: delivered");
  }

  @Test
  @DisplayName("rule: failed with 21610 (unsubscribed) arrives over HTTP → opted out of SMS; the next order gets no SMS")
  void unsubscribedRoundTripOptsOut() {
    twilioStub().deliveryOutcome(phone, "failed", 21610);
    String orderId = orderWithSentSms();

    assertThat(deliver(orderId)).extracting(TwilioStubServer.Callback::httpStatus).containsOnly(204);

    await().atMost(Duration.ofSeconds(5)).until(() -> optOuts.isOptedOut(shopId, Channel.SMS, phone));
    assertThat(smsTouch(orderId)).containsEntry("delivery_status", "failed").containsEntry("delivery_error_code", 21610);

    String next = uniqueOrderId();
    publish(ENV.ordersTopic(), created(shopId, next, phone, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(20)).until(() -> hasSmsTouch(next));
    CLOCK.advance(SHOP_DELAY.plusMinutes(1));
    dispatchDueNow();
    assertThat(smsTouch(next)).containsEntry("state", "SKIPPED");
    assertThat(twilioStub().messages().stream().filter(m -> phone.equals(m.to()))).as("only the first SMS").hasSize(1);
  }

  @Test
  @DisplayName("rule: undelivered with 30003 (unreachable) arrives over HTTP → recorded with its code, no opt-out")
  void undeliveredRoundTrip() {
    twilioStub().deliveryOutcome(phone, "undelivered", 30003);
    String orderId = orderWithSentSms();

    assertThat(deliver(orderId)).extracting(TwilioStubServer.Callback::status).containsExactly("queued", "sent", "undelivered");

    await().atMost(Duration.ofSeconds(5)).until(() -> "undelivered".equals(smsTouch(orderId).get("delivery_status")));
    Map<String, Object> touch = smsTouch(orderId);
    assertThat(touch).containsEntry("delivery_error_code", 30003).containsEntry("state", "SENT");
    assertThat(deliveryDecisions(orderId)).last().isEqualTo("delivery status: undelivered (error 30003)");
    assertThat(optOuts.isOptedOut(shopId, Channel.SMS, phone)).isFalse();
  }

  private List<String> deliveryDecisions(String orderId) {
    return jdbc.sql(
            "select reason from touch_decision where shop_id = ? and order_id = ? and reason like 'delivery status:%'"
                + " order by decision_id")
        .params(shopId, orderId)
        .query(String.class)
        .list();
  }
}
