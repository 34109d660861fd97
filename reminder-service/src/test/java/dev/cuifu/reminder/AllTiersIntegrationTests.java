package dev.cuifu.reminder;

import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static dev.cuifu.reminder.ReminderTestSupport.paid;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.common.event.Money;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.reminder.channel.chat.ChatSecrets;
import dev.cuifu.reminder.channel.chat.WebhookSignature;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.testing.chat.ChatWebhookStub;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * One valuable unpaid order through every tier: SMS, phone task, next-day chat; then paid. Each
 * tier's dispatch is run by hand after the clock moves (the sweep is off).
 */
class AllTiersIntegrationTests extends ManualDispatchIntegrationTest {

  @Autowired MockMvcTester mvc;
  @Autowired ChatSecrets chatSecrets;

  @Test
  @DisplayName("rule: SMS at +30 min, a phone task at +1 h, a signed chat the next day (after the cap frees); payment closes the task")
  void everyTierEndToEnd() throws Exception {
    shopId = newShop();
    try (ChatWebhookStub im = ChatWebhookStub.start(0)) {
      updatePolicy(shopId, p -> new ShopPolicy(
          p.sms(), new ShopPolicy.Chat(true, p.chat().delay(), URI.create(im.url())), p.phone(),
          p.minOrderAmountMinor(), p.defaultPaymentDeadline(), p.timeZone(), p.quietHours(), p.frequencyCap(),
          p.stockCheckUrl()));
      String orderId = uniqueOrderId();
      String phone = uniquePhone();
      Instant placed = CLOCK.instant();
      publish(ENV.ordersTopic(), new OrderCreated(
          "created-" + orderId, OrderEvent.SCHEMA_VERSION, shopId, orderId, placed, "buyer-" + orderId, phone,
          "wangwang:tb_buyer_1", ZoneId.of("Asia/Shanghai"), new Money(88_800L, "CNY"), "羊绒大衣", null, null, false));
      await().atMost(Duration.ofSeconds(20)).until(() -> touches(orderId).size() == 3);

      CLOCK.set(placed.plus(Duration.ofMinutes(31)));
      dispatchDueNow();
      assertThat(touch(orderId, "SMS")).containsEntry("state", "SENT");
      assertThat(OrderToSmsIntegrationTests.smsTo(phone)).hasSize(1);
      Instant smsSent = instantOf(touch(orderId, "SMS").get("sent_at"));

      CLOCK.set(placed.plus(Duration.ofMinutes(61)));
      dispatchDueNow();
      assertThat(touch(orderId, "PHONE")).containsEntry("state", "SENT");
      assertThat(mvc.get().uri("/api/v1/phone-tasks").header("X-Api-Key", apiKey(shopId)))
          .hasStatusOk()
          .bodyJson()
          .satisfies(json -> {
            assertThat(json).extractingPath("$.items[0].orderId").isEqualTo(orderId);
            assertThat(json).extractingPath("$.items[0].maskedPhone").asString().doesNotContain(phone.substring(3));
          });

      CLOCK.set(placed.plus(Duration.ofHours(24)).plusSeconds(30));
      dispatchDueNow();
      assertThat((String) touch(orderId, "CHAT").get("state_reason")).contains("frequency cap");
      assertThat(im.deliveries()).as("one message per 24 h: the chat waits for the SMS's window").isEmpty();

      CLOCK.set(smsSent.plus(Duration.ofHours(24)).plusSeconds(1));
      dispatchDueNow();
      assertThat(im.deliveries()).hasSize(1);
      ChatWebhookStub.Delivery chat = im.deliveries().get(0);
      assertThat(chat.body()).contains(orderId, "wangwang:tb_buyer_1");
      assertThat(WebhookSignature.verify(
              chatSecrets.secretFor(shopId), chat.header("X-Cuifu-Timestamp"), chat.body(), chat.header("X-Cuifu-Signature")))
          .as("signed with the shop's secret").isTrue();
      assertThat(touch(orderId, "CHAT")).containsEntry("state", "SENT");

      publish(ENV.ordersTopic(), paid(shopId, orderId, CLOCK.instant()));
      await().atMost(Duration.ofSeconds(20))
          .until(() -> jdbc.sql("select count(*) from phone_task where shop_id = ? and order_id = ? and state = 'OPEN'")
              .params(shopId, orderId).query(Long.class).single() == 0);
    }
  }

  private Map<String, Object> touch(String orderId, String channel) {
    return touches(orderId).stream().filter(t -> channel.equals(t.get("channel"))).findFirst().orElseThrow();
  }
}
