package dev.cuifu.reminder.shopmetrics;

import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static dev.cuifu.reminder.security.AgentTestSupport.basic;
import static dev.cuifu.reminder.security.AgentTestSupport.createAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.common.event.Money;
import dev.cuifu.common.event.OrderClosed;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.event.OrderPaid;
import dev.cuifu.reminder.ReminderIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Two days of one shop (Asia/Shanghai), driven through the real events, dispatcher and agents' API,
 * with figures that can be checked by hand:
 *
 * <pre>
 * day 1  a1 100.00  paid 10:05, before its SMS (10:30)              → paid, not reminded
 *        a2 200.00  SMS 10:30, paid 11:00                           → paid, recovered by SMS
 *        a3 300.00  talked to service; SMS 10:30, closed 12:00      → closed unpaid
 *        placed 3, paid 2, closed 1, loss 1/3; reminded SMS 2, recovered SMS 1 (200.00)
 * day 2  b1 400.00  SMS 10:30, still unpaid                          → unpaid
 *        b2 600.00  SMS 10:30, phone task 11:00 (≥ 500.00): agent records DECLINED,
 *                   CHEAPER_ELSEWHERE; closed 12:00                  → closed unpaid
 *        placed 2, paid 0, closed 1, unpaid 1, loss 1/2; reminded SMS 2, PHONE 1, recovered 0
 * </pre>
 */
public abstract class ShopMetricsTestBase extends ReminderIntegrationTest {

  protected static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @Autowired protected MockMvcTester mvc;

  /** The scenario's two days, as the shop's API names them. */
  protected record TwoDays(LocalDate day1, LocalDate day2, String a2, String b2) {}

  /** Runs the scenario in the shop from the test's morning (10:00 in Shanghai); ends on day 2 at 12:00. */
  protected TwoDays twoDays(String shop) {
    Instant d1 = CLOCK.instant();
    String a1 = place(shop, 10_000, false);
    String a2 = place(shop, 20_000, false);
    String a3 = place(shop, 30_000, true);
    awaitTouch(shop, a1, "SMS", "PLANNED");
    awaitTouch(shop, a2, "SMS", "PLANNED");
    awaitTouch(shop, a3, "SMS", "PLANNED");
    CLOCK.set(d1.plus(Duration.ofMinutes(5)));
    pay(shop, a1, 10_000);
    awaitStatus(shop, a1, "PAID");
    CLOCK.set(d1.plus(Duration.ofMinutes(31)));
    awaitTouch(shop, a2, "SMS", "SENT");
    awaitTouch(shop, a3, "SMS", "SENT");
    CLOCK.set(d1.plus(Duration.ofMinutes(60)));
    pay(shop, a2, 20_000);
    awaitStatus(shop, a2, "PAID");
    CLOCK.set(d1.plus(Duration.ofMinutes(120)));
    close(shop, a3);
    awaitStatus(shop, a3, "CLOSED");

    Instant d2 = d1.plus(Duration.ofDays(1));
    CLOCK.set(d2);
    String b1 = place(shop, 40_000, false);
    String b2 = place(shop, 60_000, false);
    awaitTouch(shop, b1, "SMS", "PLANNED");
    awaitTouch(shop, b2, "PHONE", "PLANNED");
    CLOCK.set(d2.plus(Duration.ofMinutes(31)));
    awaitTouch(shop, b1, "SMS", "SENT");
    awaitTouch(shop, b2, "SMS", "SENT");
    CLOCK.set(d2.plus(Duration.ofMinutes(61)));
    awaitTouch(shop, b2, "PHONE", "SENT");
    long task = jdbc.sql("select task_id from phone_task where shop_id = ? and order_id = ?").params(shop, b2).query(Long.class).single();
    String agent = createAgent(mvc, shop, "AGENT");
    assertThat(mvc.post().uri("/agent/tasks/{id}/claim", task).header(HttpHeaders.AUTHORIZATION, basic(agent)).exchange()).hasStatusOk();
    assertThat(
            mvc.post()
                .uri("/agent/tasks/{id}/complete", task)
                .header(HttpHeaders.AUTHORIZATION, basic(agent))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"outcome\": \"DECLINED\", \"lossReason\": \"CHEAPER_ELSEWHERE\"}")
                .exchange())
        .hasStatusOk();
    CLOCK.set(d2.plus(Duration.ofMinutes(120)));
    close(shop, b2);
    awaitStatus(shop, b2, "CLOSED");
    return new TwoDays(LocalDate.ofInstant(d1, SHANGHAI), LocalDate.ofInstant(d2, SHANGHAI), a2, b2);
  }

  /** Places an order of a new buyer now. */
  protected String place(String shop, long amountMinor, boolean talkedToService) {
    String orderId = uniqueOrderId();
    publish(
        ENV.ordersTopic(),
        new OrderCreated(
            "created-" + orderId, OrderEvent.SCHEMA_VERSION, shop, orderId, CLOCK.instant(), "buyer-" + orderId, uniquePhone(), null,
            SHANGHAI, new Money(amountMinor, "CNY"), "羊毛围巾 红色", null, null, talkedToService));
    return orderId;
  }

  protected void pay(String shop, String orderId, long amountMinor) {
    publish(
        ENV.ordersTopic(),
        new OrderPaid("paid-" + orderId, OrderEvent.SCHEMA_VERSION, shop, orderId, CLOCK.instant(), new Money(amountMinor, "CNY"), CLOCK.instant()));
  }

  protected void close(String shop, String orderId) {
    publish(ENV.ordersTopic(), new OrderClosed("closed-" + orderId, OrderEvent.SCHEMA_VERSION, shop, orderId, CLOCK.instant(), "timed out"));
  }

  protected void awaitStatus(String shop, String orderId, String status) {
    await().atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.sql("select status from buyer_order where shop_id = ? and order_id = ?")
                    .params(shop, orderId)
                    .query(String.class)
                    .optional()
                    .filter(status::equals)
                    .isPresent());
  }

  protected void awaitTouch(String shop, String orderId, String channel, String state) {
    await().atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.sql("select state from touch where shop_id = ? and order_id = ? and channel = ?")
                    .params(shop, orderId, channel)
                    .query(String.class)
                    .optional()
                    .filter(state::equals)
                    .isPresent());
  }
}
