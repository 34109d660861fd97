package dev.cuifu.reminder.dispatch;

import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.twilioStub;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.reminder.ManualDispatchIntegrationTest;
import dev.cuifu.testing.twilio.StubFailure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A Twilio outage opens the circuit (with the default thresholds of the shared context): touches
 * that fall due meanwhile wait in the plan instead of calling the provider, and are sent exactly
 * once when it is back.
 */
class ProviderCircuitIntegrationTests extends ManualDispatchIntegrationTest {

  /** More than the default minimum number of calls (20), all failing. */
  private static final int FAILING = 24;

  @Autowired ProviderGuard guard;
  @Autowired MeterRegistry meters;

  @BeforeEach
  void shopAndAClosedCircuit() {
    shopId = newShop();
    guard.circuitBreaker(ProviderGuard.TWILIO).reset();
  }

  @AfterEach
  void closeTheCircuitForTheNextTests() {
    guard.circuitBreaker(ProviderGuard.TWILIO).reset();
  }

  private CircuitBreaker.State twilioState() {
    return guard.circuitBreaker(ProviderGuard.TWILIO).getState();
  }

  private static long smsTo(String phone) {
    return twilioStub().messages().stream().filter(m -> phone.equals(m.to())).count();
  }

  private double deferred() {
    return meters.counter("cuifu.touches.decisions", "decision", "DEFERRED").count();
  }

  @Test
  void whileTheCircuitIsOpenDueTouchesWaitAndAreSentOnceWhenTheProviderIsBack() {
    List<String> failingOrders = new ArrayList<>();
    List<String> failingPhones = new ArrayList<>();
    for (int i = 0; i < FAILING; i++) {
      String orderId = uniqueOrderId();
      String phone = uniquePhone();
      twilioStub().addFailure(StubFailure.error(503, 20503, "Service unavailable").times(1).forTo(phone));
      publish(ENV.ordersTopic(), created(shopId, orderId, phone, CLOCK.instant()));
      failingOrders.add(orderId);
      failingPhones.add(phone);
    }
    CLOCK.advance(Duration.ofSeconds(10));
    List<String> waitingOrders = new ArrayList<>();
    List<String> waitingPhones = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String orderId = uniqueOrderId();
      String phone = uniquePhone();
      publish(ENV.ordersTopic(), created(shopId, orderId, phone, CLOCK.instant()));
      waitingOrders.add(orderId);
      waitingPhones.add(phone);
    }
    List<String> all = new ArrayList<>(failingOrders);
    all.addAll(waitingOrders);
    await().atMost(Duration.ofSeconds(30)).until(() -> all.stream().allMatch(this::hasSmsTouch));

    // the outage: every first-tier SMS of the failing orders is refused with a 503
    CLOCK.advance(SHOP_DELAY.minusSeconds(5));
    dispatchDueNow();
    assertThat(twilioState()).isEqualTo(CircuitBreaker.State.OPEN);
    // the first calls failed (retried a minute later); those after the circuit opened were not made
    for (String orderId : failingOrders) {
      Map<String, Object> touch = smsTouch(orderId);
      assertThat(touch).containsEntry("state", "PLANNED");
      assertThat((String) touch.get("state_reason")).containsAnyOf("retryable", "circuit open");
    }
    assertThat(failingOrders.stream().filter(o -> ((String) smsTouch(o).get("state_reason")).contains("retryable")))
        .hasSizeGreaterThanOrEqualTo(20);
    failingPhones.forEach(phone -> assertThat(smsTo(phone)).isZero());
    // the provider is back, but the circuit does not know it yet
    twilioStub().clearFailures();

    // touches falling due while the circuit is open wait: not sent, not failed, no provider call
    double deferredBefore = deferred();
    CLOCK.advance(Duration.ofSeconds(10));
    dispatchDueNow();
    for (String orderId : waitingOrders) {
      Map<String, Object> touch = smsTouch(orderId);
      assertThat(touch).containsEntry("state", "PLANNED");
      assertThat((String) touch.get("state_reason")).contains("circuit open").contains("waiting");
      assertThat(instantOf(touch.get("due_at"))).isAfter(CLOCK.instant());
    }
    waitingPhones.forEach(phone -> assertThat(smsTo(phone)).isZero());
    assertThat(deferred() - deferredBefore).isGreaterThanOrEqualTo(waitingOrders.size());
    assertThat(twilioState()).isEqualTo(CircuitBreaker.State.OPEN);

    // once the wait has passed, a few trial calls close the circuit and every touch goes out once
    for (int wait = 0; wait < 20 && !all.stream().allMatch(o -> "SENT".equals(smsTouch(o).get("state"))); wait++) {
      CLOCK.advance(Duration.ofSeconds(31));
      dispatchDueNow();
    }
    assertThat(all).allSatisfy(o -> assertThat(smsTouch(o)).as(o).containsEntry("state", "SENT"));
    failingPhones.forEach(phone -> assertThat(smsTo(phone)).as("sent once to %s", phone).isEqualTo(1));
    waitingPhones.forEach(phone -> assertThat(smsTo(phone)).as("sent once to %s", phone).isEqualTo(1));
    assertThat(twilioState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }
}
