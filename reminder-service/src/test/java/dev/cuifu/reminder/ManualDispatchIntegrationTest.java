package dev.cuifu.reminder;

import static org.awaitility.Awaitility.await;

import dev.cuifu.reminder.dispatch.Dispatcher;
import dev.cuifu.reminder.dispatch.LeaseRecovery;
import dev.cuifu.reminder.policy.ShopPolicies;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests whose subject is what one dispatch does: a reminder-service of their own
 * (names, port and context shared by all subclasses) whose periodic sweep is off, so that nothing
 * is sent behind a test's back. A test moves the clock, runs what is due by hand ({@link
 * #dispatchDueNow()}, as db-scheduler's ManualScheduler runs due executions), and asserts at once.
 * Kafka consumption and lease recovery run as in production: waiting for an order to be planned,
 * or for recovery, stays a wait.
 */
@AutoConfigureMockMvc
@SpringBootTest(
    classes = {ReminderServiceApplication.class, ReminderIntegrationTest.TestClockConfiguration.class},
    properties = {
      "spring.config.name=" + ReminderServiceApplication.CONFIG_NAME,
      "cuifu.reminder.dispatch.sweep-enabled=false"
    },
    // a real port of its own for the stub's status callbacks
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class ManualDispatchIntegrationTest {

  protected static final ReminderTestSupport.Environment ENV = ReminderTestSupport.Environment.fresh();
  protected static final SettableClock CLOCK = ReminderTestSupport.SHARED_CLOCK;
  protected static final Duration SHOP_DELAY = Duration.ofMinutes(30);
  protected static final int PORT = ReminderTestSupport.freePortAfterInfrastructure();
  protected static final String STATUS_CALLBACK_URL = "http://127.0.0.1:" + PORT + "/twilio/status";

  @Autowired protected JdbcClient jdbc;
  @Autowired protected ShopPolicies policies;
  @Autowired private Dispatcher dispatcher;
  @Autowired private LeaseRecovery recovery;

  /** Each test class works in its own shop, known to the service before any order arrives. */
  protected String shopId;

  @DynamicPropertySource
  static void environment(DynamicPropertyRegistry registry) {
    ENV.properties().forEach((key, value) -> registry.add(key, () -> value));
    registry.add("server.port", () -> PORT);
    registry.add("cuifu.sms.twilio.status-callback-url", () -> STATUS_CALLBACK_URL);
    registry.add("server.shutdown", () -> "immediate");
  }

  @BeforeAll
  static void startStub() {
    ReminderTestSupport.twilioStub();
  }

  /**
   * Every test starts at the next 10:00 in Shanghai (the test buyers' zone), far from quiet hours;
   * what earlier tests left stuck (a simulated crash) is recovered and what they left due goes out
   * first, so it cannot blur this test (a send counted in its metrics, say).
   */
  @BeforeEach
  void startInTheMorning() {
    ZonedDateTime now = CLOCK.instant().atZone(ZoneId.of("Asia/Shanghai"));
    CLOCK.set(now.toLocalDate().plusDays(1).atTime(10, 0).atZone(now.getZone()).toInstant());
    recovery.recoverExpiredLeases();
    dispatchDueNow();
  }

  /** Sends what is due at the clock's time now, batch after batch; returns how many touches it claimed. */
  protected int dispatchDueNow() {
    return dispatcher.dispatchDueNow();
  }

  protected String newShop() {
    String id = dev.cuifu.testing.TestInfrastructure.uniqueName("shop").replace('_', '-');
    ReminderTestSupport.publishShop(ENV.shopsTopic(), ReminderTestSupport.shop(id, SHOP_DELAY, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(30))
        .until(() -> jdbc.sql("select count(*) from shop where shop_id = ?").param(id).query(Long.class).single() == 1);
    return id;
  }

  /** Changes one shop's policy as its staff would through the API. */
  protected void updatePolicy(String shop, UnaryOperator<ShopPolicy> change) {
    policies.update(shop, change.apply(policies.forShop(shop)));
  }

  protected List<Map<String, Object>> touches(String orderId) {
    return jdbc.sql("select * from touch where shop_id = ? and order_id = ? order by tier")
        .params(shopId, orderId)
        .query()
        .listOfRows();
  }

  /** The order's first-tier SMS touch. */
  protected Map<String, Object> smsTouch(String orderId) {
    return touches(orderId).stream().filter(t -> "SMS".equals(t.get("channel"))).findFirst().orElseThrow();
  }

  protected boolean hasSmsTouch(String orderId) {
    return touches(orderId).stream().anyMatch(t -> "SMS".equals(t.get("channel")));
  }

  protected Map<String, Object> order(String orderId) {
    return jdbc.sql("select * from buyer_order where shop_id = ? and order_id = ?")
        .params(shopId, orderId)
        .query()
        .singleRow();
  }

  protected long eventsApplied(String orderId) {
    return jdbc.sql("select count(*) from applied_event where shop_id = ? and event_id like ?")
        .params(shopId, "%" + orderId)
        .query(Long.class)
        .single();
  }

  /** A {@code timestamptz} column as JDBC returned it. */
  protected static Instant instantOf(Object timestamptz) {
    return ReminderIntegrationTest.instantOf(timestamptz);
  }
}
