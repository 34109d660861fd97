package dev.cuifu.reminder.dispatch;

import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.twilioStub;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.reminder.ManualDispatchIntegrationTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Circuit breakers per provider account: one shop's own Twilio account failing on its own
 * configuration (its token rotated at Twilio: 401, code 20003 on every send) pauses that shop's
 * SMS only; a shop on the deployment's account keeps sending.
 */
class ProviderAccountCircuitIntegrationTests extends ManualDispatchIntegrationTest {

  /** More than the default minimum number of calls (20), all failing. */
  private static final int FAILING = 24;

  private static final String TOKEN = "c0ffee00".repeat(4);

  @Autowired ProviderGuard guard;
  @Autowired MeterRegistry meters;
  @Autowired MockMvcTester mvc;

  private String brokenShop;
  private String brokenSid;

  @BeforeEach
  void aShopWithItsOwnAccountAndOneWithout() {
    shopId = newShop(); // the deployment's account
    brokenShop = newShop();
    brokenSid = "AC" + UUID.randomUUID().toString().replace("-", "");
    twilioStub().addAccount(brokenSid, TOKEN);
    assertThat(
            mvc.put().uri("/api/v1/sms/twilio-account").header("X-Api-Key", apiKey(brokenShop))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"accountSid\":\"" + brokenSid + "\",\"authToken\":\"" + TOKEN + "\"}")
                .exchange())
        .hasStatusOk();
    guard.circuitBreaker(ProviderGuard.TWILIO).reset();
  }

  @AfterEach
  void fixTheAccountForTheNextTests() {
    twilioStub().addAccount(brokenSid, TOKEN);
    guard.circuitBreaker(ProviderGuard.TWILIO, brokenSid).reset();
    guard.circuitBreaker(ProviderGuard.TWILIO).reset();
  }

  private static long smsTo(String phone) {
    return twilioStub().messages().stream().filter(m -> phone.equals(m.to())).count();
  }

  private double deferredFor(String shop) {
    Counter counter = meters.find(ProviderGuard.DEFERRED_METRIC).tag("shop", shop).tag("policy", "circuit").counter();
    return counter == null ? 0 : counter.count();
  }

  private List<String> order(String shop, int count, List<String> phones) {
    List<String> orders = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String orderId = uniqueOrderId();
      String phone = uniquePhone();
      publish(ENV.ordersTopic(), created(shop, orderId, phone, CLOCK.instant()));
      orders.add(orderId);
      phones.add(phone);
    }
    return orders;
  }

  private String smsState(String shop, String orderId) {
    return jdbc.sql("select state from touch where shop_id = ? and order_id = ? and channel = 'SMS' order by tier limit 1")
        .params(shop, orderId).query(String.class).optional().orElse("none");
  }

  private String smsReason(String shop, String orderId) {
    return jdbc.sql("select coalesce(state_reason, '') from touch where shop_id = ? and order_id = ? and channel = 'SMS' order by tier limit 1")
        .params(shop, orderId).query(String.class).optional().orElse("");
  }

  @Test
  @DisplayName("rule: a shop's own account with a wrong token (20003) opens its own circuit: its SMS wait, the other shops' go out")
  void oneShopsWrongTokenPausesThatShopOnly() {
    twilioStub().addAccount(brokenSid, "0".repeat(32)); // rotated at Twilio: the stored token is now wrong
    List<String> brokenPhones = new ArrayList<>();
    List<String> brokenOrders = order(brokenShop, FAILING, brokenPhones);
    // both shops have SMS falling due 10 s later, while the broken shop's circuit is open
    CLOCK.advance(Duration.ofSeconds(10));
    List<String> phones = new ArrayList<>();
    List<String> orders = order(shopId, 3, phones);
    List<String> waitingPhones = new ArrayList<>();
    List<String> waiting = order(brokenShop, 3, waitingPhones);
    await().atMost(Duration.ofSeconds(30))
        .until(() -> orders.stream().noneMatch(o -> smsState(shopId, o).equals("none"))
            && List.of(brokenOrders, waiting).stream().flatMap(List::stream).noneMatch(o -> smsState(brokenShop, o).equals("none")));

    CLOCK.advance(SHOP_DELAY.minusSeconds(5));
    dispatchDueNow();
    assertThat(guard.circuitBreaker(ProviderGuard.TWILIO, brokenSid).getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(brokenOrders.stream().filter(o -> smsReason(brokenShop, o).contains("20003"))).as("Twilio refused the token")
        .hasSizeGreaterThanOrEqualTo(20);
    assertThat(guard.circuitBreaker(ProviderGuard.TWILIO).getState()).as("the deployment's circuit").isEqualTo(CircuitBreaker.State.CLOSED);

    double deferredBefore = deferredFor(brokenShop);
    CLOCK.advance(Duration.ofSeconds(10));
    dispatchDueNow();
    orders.forEach(o -> assertThat(smsState(shopId, o)).as(o).isEqualTo("SENT"));
    phones.forEach(phone -> assertThat(smsTo(phone)).as("the other shop's SMS reached Twilio").isEqualTo(1));
    waiting.forEach(o -> assertThat(smsReason(brokenShop, o)).as(o).contains("circuit open"));
    for (String orderId : waiting) {
      assertThat(smsState(brokenShop, orderId)).isEqualTo("PLANNED");
      assertThat(smsReason(brokenShop, orderId)).contains("own account").contains("waiting");
    }
    waitingPhones.forEach(phone -> assertThat(smsTo(phone)).isZero());
    brokenPhones.forEach(phone -> assertThat(smsTo(phone)).isZero());
    assertThat(deferredFor(brokenShop) - deferredBefore).as("counted for that shop").isGreaterThanOrEqualTo(waiting.size());
    assertThat(deferredFor(shopId)).as("none for the other").isZero();
    assertThat(guard.circuitBreaker(ProviderGuard.TWILIO).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }
}
