package dev.cuifu.reminder.events;

import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.reminder.ReminderIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * A consumer that makes no progress while orders wait is visible: the committed lag grows and
 * readiness goes DOWN (the test environment's stall-after is 8 s), and both recover with it.
 */
class OrderConsumerStallIntegrationTests extends ReminderIntegrationTest {

  @Autowired KafkaListenerEndpointRegistry listeners;
  @Autowired MeterRegistry meters;
  @Autowired MockMvcTester mvc;

  @Test
  @DisplayName("rule: records waiting without a commit show as lag and, after stall-after, readiness DOWN")
  void aStalledConsumerIsVisible() {
    shopId = newShop();
    await().atMost(Duration.ofSeconds(20)).until(() -> lag() == 0);
    assertThat(mvc.get().uri("/actuator/health/readiness")).hasStatusOk();

    MessageListenerContainer consumer = listeners.getListenerContainer("order-events");
    consumer.stop();
    try {
      for (int i = 0; i < 5; i++) {
        publish(ENV.ordersTopic(), created(shopId, uniqueOrderId(), uniquePhone(), CLOCK.instant()));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> lag() >= 5);
      await().atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(mvc.get().uri("/actuator/health/readiness")).hasStatus(503));
      assertThat(meters.get("cuifu.events.stalled").gauge().value()).isEqualTo(1);
    } finally {
      consumer.start();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> lag() == 0);
    await().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(mvc.get().uri("/actuator/health/readiness")).hasStatusOk());
  }

  private double lag() {
    return meters.get("cuifu.events.lag").gauge().value();
  }
}
