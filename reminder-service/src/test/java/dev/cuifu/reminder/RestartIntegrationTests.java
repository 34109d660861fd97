package dev.cuifu.reminder;

import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.publishShop;
import static dev.cuifu.reminder.ReminderTestSupport.shop;
import static dev.cuifu.reminder.ReminderTestSupport.twilioStub;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A service of its own, stopped and started again on the same database and topics. */
class RestartIntegrationTests {

  private static final SettableClock CLOCK = ReminderTestSupport.newClock();

  @Configuration(proxyBeanMethods = false)
  static class RestartClock {
    @Bean
    @Primary
    Clock testClock() {
      return CLOCK;
    }
  }

  @Test
  void anSmsPlannedBeforeARestartStillGoesOutAfterItOnce() {
    ReminderTestSupport.Environment env = ReminderTestSupport.Environment.fresh();
    String shopId = "restart-shop";
    String orderId = uniqueOrderId();
    String phone = uniquePhone();

    try (ConfigurableApplicationContext first = start(env)) {
      publishShop(env.shopsTopic(), shop(shopId, Duration.ofMinutes(30), CLOCK.instant()));
      publish(env.ordersTopic(), created(shopId, orderId, phone, CLOCK.instant()));
      JdbcClient jdbc = first.getBean(JdbcClient.class);
      await().atMost(Duration.ofSeconds(30)).until(() -> touchState(jdbc, shopId, orderId).equals("PLANNED"));
    }

    CLOCK.advance(Duration.ofMinutes(31));
    assertThat(OrderToSmsIntegrationTests.smsTo(phone)).as("nothing sent while the service was down").isEmpty();

    try (ConfigurableApplicationContext second = start(env)) {
      JdbcClient jdbc = second.getBean(JdbcClient.class);
      await().atMost(Duration.ofSeconds(30)).until(() -> OrderToSmsIntegrationTests.smsTo(phone).size() == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> touchState(jdbc, shopId, orderId).equals("SENT"));
      OrderToSmsIntegrationTests.pause(Duration.ofSeconds(1));
      assertThat(OrderToSmsIntegrationTests.smsTo(phone)).as("sent once, not once per start").hasSize(1);
    }
  }

  private static ConfigurableApplicationContext start(ReminderTestSupport.Environment env) {
    twilioStub();
    // as command-line arguments: they must win over reminder-service.yml, as a deployment's would
    return new SpringApplicationBuilder(ReminderServiceApplication.class, RestartClock.class)
        .properties("spring.config.name=" + ReminderServiceApplication.CONFIG_NAME)
        .run(java.util.Arrays.stream(env.propertyArray()).map(p -> "--" + p).toArray(String[]::new));
  }

  private static String touchState(JdbcClient jdbc, String shopId, String orderId) {
    return jdbc.sql("select coalesce(max(state), 'NONE') from touch where shop_id = ? and order_id = ?")
        .params(shopId, orderId)
        .query(String.class)
        .single();
  }
}
