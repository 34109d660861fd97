package dev.cuifu.reminder.dispatch;

import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.twilioStub;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.cuifu.reminder.CrashingSmsGateway;
import dev.cuifu.reminder.ManualDispatchIntegrationTest;
import dev.cuifu.reminder.optout.OptOutRegistry;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.testing.twilio.StubFailure;
import dev.cuifu.testing.twilio.StubMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The chat tier of a shop whose policy says WHATSAPP: through the real Twilio SDK to the stub, with
 * {@code whatsapp:} addresses, and with SMS's rules for errors, retries and crashes. The sweep is
 * off: each test dispatches what is due by hand.
 */
class WhatsAppChatIntegrationTests extends ManualDispatchIntegrationTest {

  private static final String SENDER = "whatsapp:+14155238886";
  private static final Duration CHAT_DELAY = Duration.ofHours(1);

  @Autowired OptOutRegistry optOuts;

  private String phone;
  private String orderId;
  private Instant placed;

  @BeforeEach
  void aWhatsAppShopWithAnUnpaidOrder() {
    shopId = newShop();
    // chat only, an hour after the order, over WhatsApp
    updatePolicy(shopId, p -> new ShopPolicy(
        new ShopPolicy.Sms(false, p.sms().delay(), p.sms().from()),
        new ShopPolicy.Chat(true, CHAT_DELAY, null, ShopPolicy.ChatTransport.WHATSAPP, SENDER),
        new ShopPolicy.Phone(false, p.phone().delay(), p.phone().minAmountMinor(), p.phone().returningBuyerMinPaidOrders(),
            p.phone().onBuyerNote()),
        p.minOrderAmountMinor(), p.defaultPaymentDeadline(), p.timeZone(), p.quietHours(), p.frequencyCap(),
        p.stockCheckUrl()));
    phone = uniquePhone();
    orderId = uniqueOrderId();
    placed = CLOCK.instant();
  }

  private void placeOrderAndLetTheChatFallDue() {
    publish(ENV.ordersTopic(), created(shopId, orderId, phone, placed));
    await().atMost(Duration.ofSeconds(20)).until(() -> touches(orderId).stream().anyMatch(t -> "CHAT".equals(t.get("channel"))));
    CLOCK.set(placed.plus(CHAT_DELAY).plusSeconds(30));
  }

  private Map<String, Object> chatTouch() {
    return touches(orderId).stream().filter(t -> "CHAT".equals(t.get("channel"))).findFirst().orElseThrow();
  }

  private List<StubMessage> whatsAppTo() {
    return twilioStub().messages().stream().filter(m -> ("whatsapp:" + phone).equals(m.to())).toList();
  }

  private List<String> decisions() {
    return jdbc.sql("select decision from touch_decision where shop_id = ? and order_id = ? and channel = 'CHAT' order by decision_id")
        .params(shopId, orderId)
        .query(String.class)
        .list();
  }

  @Test
  @DisplayName("rule: a WhatsApp shop's chat touch reaches Twilio from whatsapp:<sender> to whatsapp:<buyer>; its callbacks update it")
  void sentOverWhatsAppAndReportedBack() {
    placeOrderAndLetTheChatFallDue();

    dispatchDueNow();
    assertThat(chatTouch()).containsEntry("state", "SENT");
    assertThat(whatsAppTo()).singleElement().satisfies(m -> {
      assertThat(m.from()).isEqualTo(SENDER);
      assertThat(m.body()).contains(orderId);
      assertThat(m.statusCallback()).isEqualTo(STATUS_CALLBACK_URL + "#rc=3&rp=all");
      assertThat(chatTouch()).containsEntry("provider_message_id", m.sid());
    });
    assertThat(twilioStub().messages()).as("no SMS: the SMS tier is off").noneMatch(m -> phone.equals(m.to()));

    String sid = whatsAppTo().get(0).sid();
    assertThat(twilioStub().deliver(sid)).extracting(c -> c.httpStatus()).containsOnly(204);
    await().atMost(Duration.ofSeconds(5)).until(() -> "delivered".equals(chatTouch().get("delivery_status")));
  }

  @Test
  @DisplayName("rule: a permanent WhatsApp refusal (63003, not on WhatsApp) fails the touch and is never retried")
  void permanentErrorIsNotRetried() {
    twilioStub().addFailure(StubFailure.error(400, 63003, "Channel could not find To address").always().forTo("whatsapp:" + phone));
    placeOrderAndLetTheChatFallDue();

    dispatchDueNow();
    assertThat(chatTouch()).containsEntry("state", "FAILED");
    assertThat((String) chatTouch().get("state_reason")).contains("WhatsApp permanent", "63003");

    CLOCK.advance(Duration.ofMinutes(5));
    dispatchDueNow();
    assertThat(chatTouch()).containsEntry("state", "FAILED");
    assertThat(decisions()).doesNotContain("RETRY");
    twilioStub().clearFailures();
  }

  @Test
  @DisplayName("rule: a 429 from Twilio puts the WhatsApp touch back in the plan; it goes out once, a retry delay later")
  void rateLimitedIsRetriedLater() {
    twilioStub().addFailure(StubFailure.error(429, 20429, "Too Many Requests").times(1).forTo("whatsapp:" + phone));
    placeOrderAndLetTheChatFallDue();

    dispatchDueNow();
    assertThat(decisions()).contains("RETRY");
    assertThat(chatTouch()).containsEntry("state", "PLANNED");
    assertThat(whatsAppTo()).isEmpty();

    CLOCK.advance(Duration.ofMinutes(1).plusSeconds(1));
    dispatchDueNow();
    assertThat(chatTouch()).containsEntry("state", "SENT");
    assertThat(whatsAppTo()).hasSize(1);
  }

  @Test
  @DisplayName("rule: killed after Twilio took the WhatsApp message → reconciled from Twilio after the lease, not resent")
  void crashAfterTheCallIsReconciledNotResent() {
    CrashingSmsGateway.crashNextSendTo("whatsapp:" + phone, CrashingSmsGateway.Crash.AFTER_PROVIDER_CALL);
    placeOrderAndLetTheChatFallDue();

    assertThat(catchThrowable(this::dispatchDueNow)).as("the dispatcher died mid-send").isNotNull();
    assertThat(whatsAppTo()).hasSize(1);
    assertThat(chatTouch()).as("we never learned the outcome").containsEntry("state", "SENDING");

    // lease recovery (clustered, on Quartz) reconciles it once the lease has run out
    CLOCK.advance(Duration.ofMinutes(3));
    await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(chatTouch().get("state")));
    dispatchDueNow();
    assertThat(whatsAppTo()).as("Twilio already had it: not sent again").hasSize(1);
    assertThat(chatTouch()).containsEntry("provider_message_id", whatsAppTo().get(0).sid());
    assertThat(decisions()).contains("RECONCILED").doesNotContain("RECOVERED");
  }

  @Test
  @DisplayName("rule: a buyer opted out of CHAT gets no WhatsApp message")
  void optedOutOfChatGetsNoWhatsApp() {
    optOuts.optOut(shopId, Channel.CHAT, phone, OptOutRegistry.SOURCE_API, "asked the shop");
    placeOrderAndLetTheChatFallDue();

    dispatchDueNow();
    assertThat(chatTouch()).containsEntry("state", "SKIPPED");
    assertThat(whatsAppTo()).isEmpty();
  }
}
