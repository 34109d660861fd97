package dev.cuifu.reminder;

import static org.awaitility.Awaitility.await;

import dev.cuifu.reminder.channel.sms.SmsGateway;
import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.channel.sms.TwilioSmsGateway;
import dev.cuifu.reminder.policy.ShopPolicies;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run one reminder-service (shared by all subclasses: same names, same
 * context) on the real broker, the real database and the real Twilio SDK against the stub.
 */
@AutoConfigureMockMvc
@SpringBootTest(
    classes = {ReminderServiceApplication.class, ReminderIntegrationTest.TestClockConfiguration.class},
    properties = "spring.config.name=" + ReminderServiceApplication.CONFIG_NAME,
    // a real port (chosen up front, see PORT) for the stub's status callbacks and the browser
    // test of the agents' page; MockMvc works as before
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class ReminderIntegrationTest {

  protected static final ReminderTestSupport.Environment ENV = ReminderTestSupport.Environment.fresh();
  protected static final SettableClock CLOCK = ReminderTestSupport.SHARED_CLOCK;
  protected static final Duration SHOP_DELAY = Duration.ofMinutes(30);
  /**
   * The real HTTP port of the shared context, chosen up front so that the service can name its own
   * {@code /twilio/status} as each message's StatusCallback and the Twilio stub can call it.
   */
  protected static final int PORT = ReminderTestSupport.freePortAfterInfrastructure();
  protected static final String STATUS_CALLBACK_URL = "http://127.0.0.1:" + PORT + "/twilio/status";

  @Autowired protected JdbcClient jdbc;

  @DynamicPropertySource
  static void environment(DynamicPropertyRegistry registry) {
    ENV.properties().forEach((key, value) -> registry.add(key, () -> value));
    registry.add("server.port", () -> PORT);
    registry.add("cuifu.sms.twilio.status-callback-url", () -> STATUS_CALLBACK_URL);
    // nothing to drain at the end of a test run: do not hold the JVM's exit for graceful shutdown
    registry.add("server.shutdown", () -> "immediate");
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class TestClockConfiguration {
    @Bean
    @Primary
    Clock testClock() {
      return CLOCK;
    }

    /**
     * MockMvc requests come from a script, as the agents' page's do, so they carry the
     * X-Requested-With that writes under /agent/** need (CrossSiteWriteGuard); a value other than
     * XMLHttpRequest keeps the Basic challenge on a 401. The guard itself is tested over HTTP.
     */
    @Bean
    MockMvcBuilderCustomizer scriptedRequests() {
      return builder -> builder.defaultRequest(
          org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/").header("X-Requested-With", "test"));
    }

    /** The real SDK and gateway, which a test can make die mid-send. */
    @Bean
    @Primary
    SmsGateway crashingSmsGateway(TwilioSmsGateway twilio) {
      return new CrashingSmsGateway(twilio);
    }
  }

  @Autowired protected ShopPolicies policies;

  /** Changes one shop's policy as its staff would through the API. */
  protected void updatePolicy(String shop, java.util.function.UnaryOperator<ShopPolicy> change) {
    policies.update(shop, change.apply(policies.forShop(shop)));
  }

  /** Each test class works in its own shop, known to the service before any order arrives. */
  protected String shopId;

  @BeforeAll
  static void startStub() {
    ReminderTestSupport.twilioStub();
  }

  /**
   * Every test starts at the next 10:00 in Shanghai (the test buyers' zone), far from quiet hours;
   * the clock only ever moves forward, as the service's clock would.
   */
  @BeforeEach
  void startInTheMorning() {
    java.time.ZonedDateTime now = CLOCK.instant().atZone(java.time.ZoneId.of("Asia/Shanghai"));
    java.time.ZonedDateTime morning = now.toLocalDate().plusDays(1).atTime(10, 0).atZone(now.getZone());
    CLOCK.set(morning.toInstant());
    // earlier tests' touches that the jump made due go out first, so they cannot blur this test
    await().atMost(java.time.Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.sql(
                            """
                            select count(*) from touch
                            where (state = 'PLANNED' and due_at <= ?) or (state = 'SENDING' and lease_until > ?)
                            """)
                        .params(Timestamps.toDb(CLOCK.instant()), Timestamps.toDb(CLOCK.instant()))
                        .query(Long.class)
                        .single()
                    == 0);
  }

  protected String newShop() {
    String id = dev.cuifu.testing.TestInfrastructure.uniqueName("shop").replace('_', '-');
    ReminderTestSupport.publishShop(ENV.shopsTopic(), ReminderTestSupport.shop(id, SHOP_DELAY, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(30))
        .until(() -> jdbc.sql("select count(*) from shop where shop_id = ?").param(id).query(Long.class).single() == 1);
    return id;
  }

  protected List<Map<String, Object>> touches(String orderId) {
    return jdbc.sql("select * from touch where shop_id = ? and order_id = ? order by tier")
        .params(shopId, orderId)
        .query()
        .listOfRows();
  }

  /** A {@code timestamptz} column as JDBC returned it. */
  protected static java.time.Instant instantOf(Object timestamptz) {
    return timestamptz instanceof java.time.OffsetDateTime odt
        ? odt.toInstant()
        : ((java.sql.Timestamp) timestamptz).toInstant();
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
}
