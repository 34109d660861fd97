package dev.cuifu.reminder.dispatch;

import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.twilioStub;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.common.event.Money;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.reminder.ReminderIntegrationTest;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.testing.chat.ChatWebhookStub;
import dev.cuifu.testing.twilio.StubMessage;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A claimed batch slower than its lease (a slow chat webhook ahead of the batch's SMS): lease
 * recovery takes its touches back meanwhile, yet every buyer gets one SMS and one chat delivery.
 * Before claims were fenced, 40 orders made 80 SMS and doubled chat deliveries.
 */
class FencedSendIntegrationTests extends ReminderIntegrationTest {

  private static final int ORDERS = 40;
  /**
   * What one webhook delivery costs the batch on the service's clock. Deliveries run side by side
   * (eight at a time) while the clock moves for each, so time runs faster than with a real slow
   * webhook; what matters is that the batch outlasts its lease (2 min) many times over.
   */
  private static final Duration WEBHOOK_ANSWERS_AFTER = Duration.ofSeconds(9);

  @Test
  @DisplayName("rule: a batch slower than its lease sends each buyer's SMS and chat once; the SMS's SID is the one recorded")
  void slowBatchNeverSendsTwice() {
    shopId = newShop();
    List<String> phones = new ArrayList<>();
    List<String> orders = new ArrayList<>();
    try (ChatWebhookStub im = ChatWebhookStub.start(0)) {
      // SMS and chat fall due together (two messages a day allowed): one batch holds both, and its
      // SMS go out only after every buyer's chat delivery has been answered
      updatePolicy(shopId, p -> new ShopPolicy(
          p.sms(), new ShopPolicy.Chat(true, SHOP_DELAY, URI.create(im.url())),
          new ShopPolicy.Phone(false, p.phone().delay(), p.phone().minAmountMinor(), p.phone().returningBuyerMinPaidOrders(),
              p.phone().onBuyerNote()),
          p.minOrderAmountMinor(), p.defaultPaymentDeadline(), p.timeZone(), p.quietHours(),
          new ShopPolicy.FrequencyCap(2, Duration.ofHours(24)), p.stockCheckUrl()));
      Instant placed = CLOCK.instant();
      for (int i = 0; i < ORDERS; i++) {
        String phone = uniquePhone();
        String orderId = uniqueOrderId();
        phones.add(phone);
        orders.add(orderId);
        publish(ENV.ordersTopic(), order(orderId, phone, placed));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> plannedTouches() == 2 * ORDERS);

      // a slow receiver: each delivery is answered after a real half second, and the service's
      // clock moves on meanwhile; lease recovery (every 0.5 s) sees the batch's leases expire
      im.delayNext(10 * ORDERS, Duration.ofMillis(500));
      im.onDelivery(d -> CLOCK.advance(WEBHOOK_ANSWERS_AFTER));
      CLOCK.set(placed.plus(SHOP_DELAY).plusSeconds(30));

      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
          .until(() -> touchesIn("SENT") == 2 * ORDERS);
      // anything still on its way from a stale claim would land now
      pause(Duration.ofSeconds(3));
      assertThat(touchesIn("SENT")).as("every touch sent").isEqualTo(2 * ORDERS);

      Map<String, List<StubMessage>> smsByPhone =
          twilioStub().messages().stream().filter(m -> phones.contains(m.to())).collect(Collectors.groupingBy(StubMessage::to));
      assertThat(smsByPhone).as("every buyer got an SMS").hasSize(ORDERS);
      assertThat(smsByPhone.values().stream().filter(sms -> sms.size() > 1).map(sms -> sms.get(0).to()).toList())
          .as("buyers sent more than one SMS").isEmpty();
      Map<String, Long> deliveries =
          im.deliveries().stream().collect(Collectors.groupingBy(d -> d.header("X-Cuifu-Delivery"), Collectors.counting()));
      assertThat(deliveries).as("every chat touch delivered").hasSize(ORDERS);
      assertThat(deliveries).as("chat deliveries made more than once").allSatisfy((id, times) -> assertThat(times).isOne());

      Map<String, String> sidByPhone =
          smsByPhone.values().stream().map(sms -> sms.get(0)).collect(Collectors.toMap(StubMessage::to, StubMessage::sid));
      Map<String, String> phoneByOrder = orders.stream().collect(Collectors.toMap(Function.identity(), o -> phones.get(orders.indexOf(o))));
      for (String orderId : orders) {
        assertThat(smsTouch(orderId))
            .as("the SMS touch of %s records the SID of the one message, so its status callbacks match", orderId)
            .containsEntry("provider_message_id", sidByPhone.get(phoneByOrder.get(orderId)));
      }
    }
  }

  @Test
  @DisplayName("rule: a chat delivery still unanswered when its lease expires is not resent; its late answer is recorded")
  void deliveryOutlivingItsLeaseIsNotResent() {
    shopId = newShop();
    try (ChatWebhookStub im = ChatWebhookStub.start(0)) {
      updatePolicy(shopId, p -> new ShopPolicy(
          new ShopPolicy.Sms(false, p.sms().delay(), p.sms().from()), new ShopPolicy.Chat(true, SHOP_DELAY, URI.create(im.url())),
          new ShopPolicy.Phone(false, p.phone().delay(), p.phone().minAmountMinor(), p.phone().returningBuyerMinPaidOrders(),
              p.phone().onBuyerNote()),
          p.minOrderAmountMinor(), p.defaultPaymentDeadline(), p.timeZone(), p.quietHours(), p.frequencyCap(), p.stockCheckUrl()));
      String orderId = uniqueOrderId();
      Instant placed = CLOCK.instant();
      publish(ENV.ordersTopic(), order(orderId, uniquePhone(), placed));
      await().atMost(Duration.ofSeconds(20)).until(() -> plannedTouches() == 1);

      // the receiver answers after 3 s, and meanwhile the lease (2 min) runs out: recovery, every
      // 0.5 s, finds the delivery begun and unanswered
      im.delayNext(1, Duration.ofSeconds(3));
      im.onDelivery(d -> CLOCK.advance(Duration.ofMinutes(3)));
      CLOCK.set(placed.plus(SHOP_DELAY).plusSeconds(30));

      await().atMost(Duration.ofSeconds(30)).until(() -> im.deliveries().size() == 1);
      await().atMost(Duration.ofSeconds(30)).until(() -> chatDecisions(orderId).contains("RECONCILED"));
      pause(Duration.ofSeconds(2));
      assertThat(im.deliveries()).as("delivered once, never again").hasSize(1);
      Map<String, Object> chat = touches(orderId).get(0);
      assertThat(chat).containsEntry("state", "SENT").containsEntry("provider_message_id", im.deliveries().get(0).header("X-Cuifu-Delivery"));
      assertThat(chatDecisions(orderId)).as("recovery could not ask the receiver; the late answer settled it")
          .containsSubsequence("OUTCOME_UNKNOWN", "RECONCILED").doesNotContain("RECOVERED");
    }
  }

  private List<String> chatDecisions(String orderId) {
    return jdbc.sql("select decision from touch_decision where shop_id = ? and order_id = ? order by decision_id")
        .params(shopId, orderId)
        .query(String.class)
        .list();
  }

  /** An unpaid order whose buyer has a chat handle, below the phone tier's amount. */
  private OrderCreated order(String orderId, String phone, Instant placed) {
    return new OrderCreated(
        "created-" + orderId, OrderEvent.SCHEMA_VERSION, shopId, orderId, placed, "buyer-" + orderId, phone,
        "wangwang:" + orderId, ZoneId.of("Asia/Shanghai"), new Money(12_800L, "CNY"), "羊毛围巾 红色", null, null, false);
  }

  private long plannedTouches() {
    return jdbc.sql("select count(*) from touch where shop_id = ? and state = 'PLANNED'").param(shopId).query(Long.class).single();
  }

  private long touchesIn(String state) {
    return jdbc.sql("select count(*) from touch where shop_id = ? and state = ?").params(shopId, state).query(Long.class).single();
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
