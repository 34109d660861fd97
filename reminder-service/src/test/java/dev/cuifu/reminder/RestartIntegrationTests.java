package dev.cuifu.reminder;

import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.publishShop;
import static dev.cuifu.reminder.ReminderTestSupport.shop;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.reminder.CrashingSmsGateway.Crash;
import dev.cuifu.reminder.channel.sms.SmsGateway;
import dev.cuifu.reminder.channel.sms.TwilioSmsGateway;
import dev.cuifu.testing.SettableClock;
import dev.cuifu.testing.TestInfrastructure;
import dev.cuifu.testing.twilio.StubFailure;
import dev.cuifu.testing.twilio.StubMessage;
import dev.cuifu.testing.twilio.TwilioStubServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A service of its own, stopped and started again on the same database and topics. The stop is
 * graceful (the context is closed); a process killed mid-batch is the fault harness's
 * (docs/reliability.md).
 */
class RestartIntegrationTests {

  private static final SettableClock CLOCK = ReminderTestSupport.newClock();
  /**
   * A Twilio stub of its own dating its messages by the service's clock, as Twilio and we share real
   * time: recovery finds a message only if it was created at or after the attempt began.
   */
  private static TwilioStubServer twilio;

  @BeforeAll
  static void startTwilio() {
    twilio = TwilioStubServer.start(0, ReminderTestSupport.ACCOUNT_SID, ReminderTestSupport.AUTH_TOKEN, CLOCK);
  }

  @AfterAll
  static void stopTwilio() {
    twilio.close();
  }

  @Configuration(proxyBeanMethods = false)
  static class RestartClock {
    @Bean
    @Primary
    Clock testClock() {
      return CLOCK;
    }

    /** The real SDK and gateway, which the test makes die after one provider call. */
    @Bean
    @Primary
    SmsGateway crashingSmsGateway(TwilioSmsGateway twilio) {
      return new CrashingSmsGateway(twilio);
    }
  }

  @Test
  @DisplayName(
      "rule: across a stop and a start each SMS goes out once: one planned before the stop; one whose provider call was"
          + " in flight when the stop began (the stop finishes and records it); one claimed and accepted by the provider"
          + " but never recorded (recovered from the provider after the restart, not resent)")
  void anSmsPlannedInFlightOrUnrecordedAtARestartGoesOutOnce() {
    ReminderTestSupport.Environment env = ReminderTestSupport.Environment.fresh();
    String shopId = "restart-shop";
    Instant placed = CLOCK.instant();
    // SMS fall due 30 min after their order: unrecorded at +30, in flight at +32, planned at +40
    Sms unrecorded = new Sms(uniqueOrderId(), uniquePhone(), placed);
    Sms inFlight = new Sms(uniqueOrderId(), uniquePhone(), placed.plus(Duration.ofMinutes(2)));
    Sms planned = new Sms(uniqueOrderId(), uniquePhone(), placed.plus(Duration.ofMinutes(10)));

    try (ConfigurableApplicationContext first = start(env)) {
      JdbcClient jdbc = first.getBean(JdbcClient.class);
      publishShop(env.shopsTopic(), shop(shopId, Duration.ofMinutes(30), placed));
      for (Sms sms : List.of(unrecorded, inFlight, planned)) {
        publish(env.ordersTopic(), created(shopId, sms.orderId(), sms.phone(), sms.placed()));
      }
      await().atMost(Duration.ofSeconds(30))
          .until(() -> Stream.of(unrecorded, inFlight, planned).allMatch(sms -> touchState(jdbc, shopId, sms).equals("PLANNED")));

      // the provider accepts it, and the dispatcher dies before recording it
      CrashingSmsGateway.crashNextSendTo(unrecorded.phone(), Crash.AFTER_PROVIDER_CALL);
      CLOCK.set(placed.plus(Duration.ofMinutes(31)));
      await().atMost(Duration.ofSeconds(20)).until(() -> smsTo(unrecorded.phone()).size() == 1);

      // the provider answers this one 3 s after storing it: the stop begins meanwhile
      twilio.addFailure(StubFailure.delay(Duration.ofSeconds(3)).forTo(inFlight.phone()));
      CLOCK.set(placed.plus(Duration.ofMinutes(32)).plusSeconds(30));
      await().atMost(Duration.ofSeconds(20)).until(() -> smsTo(inFlight.phone()).size() == 1);
    }
    // what the stop left behind, read while no service runs
    JdbcClient db = database(env);
    assertThat(touchState(db, shopId, inFlight)).as("the stop finished the call in hand and recorded it").isEqualTo("SENT");
    assertThat(touchState(db, shopId, unrecorded)).as("claimed, its outcome never recorded").isEqualTo("SENDING");
    assertThat(touchState(db, shopId, planned)).isEqualTo("PLANNED");

    CLOCK.set(placed.plus(Duration.ofMinutes(41))); // the planned one due, the unrecorded one's lease (2 min) long expired
    assertThat(smsTo(planned.phone())).as("nothing sent while the service was down").isEmpty();

    try (ConfigurableApplicationContext second = start(env)) {
      JdbcClient jdbc = second.getBean(JdbcClient.class);
      await().atMost(Duration.ofSeconds(30)).until(() -> smsTo(planned.phone()).size() == 1);
      await().atMost(Duration.ofSeconds(20))
          .until(() -> Stream.of(unrecorded, inFlight, planned).allMatch(sms -> touchState(jdbc, shopId, sms).equals("SENT")));
      OrderToSmsIntegrationTests.pause(Duration.ofSeconds(1));
      for (Sms sms : List.of(unrecorded, inFlight, planned)) {
        assertThat(smsTo(sms.phone())).as("sent once, not once per start: " + sms).hasSize(1);
        assertThat(providerMessageId(jdbc, shopId, sms)).as("recorded with its message's SID: " + sms).isEqualTo(smsTo(sms.phone()).get(0).sid());
      }
      assertThat(decisions(jdbc, shopId, unrecorded)).as("found at the provider after the restart").contains("RECONCILED").doesNotContain("RECOVERED");
    }
  }

  /** One order's first SMS: where it goes, and when the order was placed. */
  private record Sms(String orderId, String phone, Instant placed) {}

  private static JdbcClient database(ReminderTestSupport.Environment env) {
    return JdbcClient.create(
        new SimpleDriverDataSource(
            new org.postgresql.Driver(), TestInfrastructure.jdbcUrl(env.schema()), TestInfrastructure.dbUser(),
            TestInfrastructure.dbPassword()));
  }

  private static List<StubMessage> smsTo(String phone) {
    return twilio.messages().stream().filter(m -> phone.equals(m.to())).toList();
  }

  private static ConfigurableApplicationContext start(ReminderTestSupport.Environment env) {
    String twilioUrl = "cuifu.sms.twilio.api-base-url=";
    // as command-line arguments: they must win over reminder-service.yml, as a deployment's would
    return new SpringApplicationBuilder(ReminderServiceApplication.class, RestartClock.class)
        .properties("spring.config.name=" + ReminderServiceApplication.CONFIG_NAME)
        .run(
            Stream.concat(
                    Stream.of(env.propertyArray()).filter(p -> !p.startsWith(twilioUrl)), Stream.of(twilioUrl + twilio.baseUrl()))
                .map(p -> "--" + p)
                .toArray(String[]::new));
  }

  private static String touchState(JdbcClient jdbc, String shopId, Sms sms) {
    return jdbc.sql("select state from touch where shop_id = ? and order_id = ? and channel = 'SMS' order by tier limit 1")
        .params(shopId, sms.orderId())
        .query(String.class)
        .optional()
        .orElse("NONE");
  }

  private static String providerMessageId(JdbcClient jdbc, String shopId, Sms sms) {
    return jdbc.sql("select provider_message_id from touch where shop_id = ? and order_id = ? and channel = 'SMS' order by tier limit 1")
        .params(shopId, sms.orderId())
        .query(String.class)
        .single();
  }

  private static List<String> decisions(JdbcClient jdbc, String shopId, Sms sms) {
    return jdbc.sql(
            """
            select decision from touch_decision where touch_id =
                (select touch_id from touch where shop_id = ? and order_id = ? and channel = 'SMS' order by tier limit 1)
            order by decision_id
            """)
        .params(shopId, sms.orderId())
        .query(String.class)
        .list();
  }
}
