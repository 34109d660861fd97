package dev.cuifu.reminder.channel.sms;

import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static dev.cuifu.reminder.channel.sms.TwilioWebhookTestSupport.form;
import static dev.cuifu.reminder.channel.sms.TwilioWebhookTestSupport.post;
import static dev.cuifu.reminder.channel.sms.TwilioWebhookTestSupport.postSigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.reminder.ManualDispatchIntegrationTest;
import dev.cuifu.reminder.ReminderTestSupport;
import dev.cuifu.reminder.optout.OptOutRegistry;
import dev.cuifu.reminder.plan.Channel;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** {@code POST /twilio/status}: Twilio's delivery reports, signed, moving a touch's status forward only. */
class StatusCallbackIntegrationTests extends ManualDispatchIntegrationTest {

  @Autowired MockMvcTester mvc;
  @Autowired OptOutRegistry optOuts;
  @Autowired MeterRegistry meters;

  private String orderId;
  private String phone;
  private String sid;

  @BeforeEach
  void aSentSms() {
    shopId = newShop();
    orderId = uniqueOrderId();
    phone = uniquePhone();
    publish(ENV.ordersTopic(), created(shopId, orderId, phone, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(20)).until(() -> hasSmsTouch(orderId));
    CLOCK.advance(SHOP_DELAY.plusMinutes(1));
    dispatchDueNow();
    assertThat(smsTouch(orderId)).containsEntry("state", "SENT");
    sid = (String) smsTouch(orderId).get("provider_message_id");
    assertThat(sid).startsWith("SM");
  }

  private Map<String, String> callback(String status, String errorCode) {
    return errorCode == null
        ? form("MessageSid", sid, "MessageStatus", status, "To", phone, "AccountSid", ReminderTestSupport.ACCOUNT_SID)
        : form("MessageSid", sid, "MessageStatus", status, "ErrorCode", errorCode, "To", phone,
            "AccountSid", ReminderTestSupport.ACCOUNT_SID);
  }

  private List<String> deliveryDecisions() {
    return jdbc.sql(
            "select reason from touch_decision where shop_id = ? and order_id = ? and decision = 'SENT'"
                + " and reason like 'delivery status:%' order by decision_id")
        .params(shopId, orderId)
        .query(String.class)
        .list();
  }

  @Test
  @DisplayName("rule: a signed status callback updates the touch sent as that message and its timeline → 204")
  void deliveredUpdatesTheTouch() {
    double before = meters.counter(StatusCallbackHandler.METRIC, "status", "delivered").count();

    assertThat(postSigned(mvc, "/twilio/status", callback("delivered", null))).hasStatus(HttpStatus.NO_CONTENT);

    Map<String, Object> touch = smsTouch(orderId);
    assertThat(touch).containsEntry("delivery_status", "delivered").containsEntry("delivery_error_code", null);
    assertThat(instantOf(touch.get("delivery_updated_at"))).isEqualTo(CLOCK.instant());
    assertThat(touch).as("the touch stays sent").containsEntry("state", "SENT");
    assertThat(deliveryDecisions()).containsExactly("delivery status: delivered");
    assertThat(meters.counter(StatusCallbackHandler.METRIC, "status", "delivered").count()).isEqualTo(before + 1);
  }

  @Test
  @DisplayName("rule: statuses only move forward — a replayed or older callback changes nothing")
  void replayAndOlderStatusChangeNothing() {
    assertThat(postSigned(mvc, "/twilio/status", callback("sent", null))).hasStatus(HttpStatus.NO_CONTENT);
    assertThat(postSigned(mvc, "/twilio/status", callback("delivered", null))).hasStatus(HttpStatus.NO_CONTENT);
    Map<String, Object> afterDelivered = smsTouch(orderId);
    CLOCK.advance(Duration.ofMinutes(1));

    assertThat(postSigned(mvc, "/twilio/status", callback("delivered", null))).as("replay").hasStatus(HttpStatus.NO_CONTENT);
    assertThat(postSigned(mvc, "/twilio/status", callback("sent", null))).as("older").hasStatus(HttpStatus.NO_CONTENT);
    assertThat(postSigned(mvc, "/twilio/status", callback("queued", null))).as("older").hasStatus(HttpStatus.NO_CONTENT);

    Map<String, Object> touch = smsTouch(orderId);
    assertThat(touch.get("delivery_status")).isEqualTo("delivered");
    assertThat(touch.get("delivery_updated_at")).isEqualTo(afterDelivered.get("delivery_updated_at"));
    assertThat(deliveryDecisions()).containsExactly("delivery status: sent", "delivery status: delivered");
  }

  @Test
  @DisplayName("rule: undelivered/failed are final — a later delivered changes nothing")
  void failedIsFinal() {
    assertThat(postSigned(mvc, "/twilio/status", callback("undelivered", "30003"))).hasStatus(HttpStatus.NO_CONTENT);
    assertThat(postSigned(mvc, "/twilio/status", callback("delivered", null))).hasStatus(HttpStatus.NO_CONTENT);

    assertThat(smsTouch(orderId))
        .containsEntry("delivery_status", "undelivered")
        .containsEntry("delivery_error_code", 30003);
    assertThat(deliveryDecisions()).containsExactly("delivery status: undelivered (error 30003)");
    assertThat(optOuts.isOptedOut(shopId, Channel.SMS, phone)).as("only 21610 opts out").isFalse();
  }

  @Test
  @DisplayName("rule: signed over the status URL with the connection overrides we hand Twilio (#rc=3&rp=all) → accepted; with others → 403")
  void signedOverTheUrlWithItsConnectionOverridesIsAccepted() throws Exception {
    Map<String, String> params = callback("delivered", null);
    String url = TwilioWebhookTestSupport.BASE + "/twilio/status";

    assertThat(post(mvc, "/twilio/status", params, hmacSha1(url + "#rc=5&rp=all", params)))
        .as("a fragment we did not hand out").hasStatus(HttpStatus.FORBIDDEN);
    assertThat(smsTouch(orderId)).containsEntry("delivery_status", null);
    assertThat(post(mvc, "/twilio/status", params, hmacSha1(url + "#rc=3&rp=all", params))).hasStatus(HttpStatus.NO_CONTENT);
    assertThat(smsTouch(orderId)).containsEntry("delivery_status", "delivered");
  }

  /** Twilio's signature computed here, over exactly this URL (the stub's drops a fragment). */
  private static String hmacSha1(String url, Map<String, String> params) throws Exception {
    StringBuilder data = new StringBuilder(url);
    new java.util.TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
    mac.init(new javax.crypto.spec.SecretKeySpec(
        ReminderTestSupport.AUTH_TOKEN.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA1"));
    return java.util.Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  @DisplayName("rule: a bad or missing signature → 403 problem+json, nothing changed")
  void badOrMissingSignatureIsRefused() {
    Map<String, String> params = callback("delivered", null);
    String signatureOfOtherParams = TwilioWebhookTestSupport.signature("/twilio/status", callback("failed", "21610"));

    assertThat(post(mvc, "/twilio/status", params, signatureOfOtherParams))
        .hasStatus(HttpStatus.FORBIDDEN)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(post(mvc, "/twilio/status", params, "bm90IGEgc2lnbmF0dXJl")).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(post(mvc, "/twilio/status", params, null))
        .hasStatus(HttpStatus.FORBIDDEN)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(post(mvc, "/twilio/status", params, TwilioWebhookTestSupport.signature("/twilio/inbound", params)))
        .as("signed for another URL")
        .hasStatus(HttpStatus.FORBIDDEN);

    assertThat(smsTouch(orderId)).containsEntry("delivery_status", null).containsEntry("delivery_updated_at", null);
    assertThat(deliveryDecisions()).isEmpty();
  }

  @Test
  @DisplayName("rule: error 21610 (recipient unsubscribed) opts the number out of SMS for that shop, source STOP")
  void unsubscribedRecipientIsOptedOut() {
    assertThat(postSigned(mvc, "/twilio/status", callback("failed", "21610"))).hasStatus(HttpStatus.NO_CONTENT);

    assertThat(smsTouch(orderId)).containsEntry("delivery_status", "failed").containsEntry("delivery_error_code", 21610);
    assertThat(optOuts.find(shopId, Channel.SMS, phone)).hasValueSatisfying(o -> assertThat(o.source()).isEqualTo("STOP"));
    assertThat(optOuts.isOptedOut(shopId, Channel.CHAT, phone)).as("SMS only").isFalse();
  }

  @Test
  @DisplayName("rule: a callback for a message we never sent changes nothing → 204")
  void unknownMessageChangesNothing() {
    Map<String, String> params = form("MessageSid", "SM" + "f".repeat(32), "MessageStatus", "delivered", "To", phone);
    assertThat(postSigned(mvc, "/twilio/status", params)).hasStatus(HttpStatus.NO_CONTENT);
    assertThat(smsTouch(orderId)).containsEntry("delivery_status", null);
  }
}
