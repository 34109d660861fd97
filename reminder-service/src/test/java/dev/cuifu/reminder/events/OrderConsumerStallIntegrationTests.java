package dev.cuifu.reminder.events;

import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.reminder.ReminderIntegrationTest;
import dev.cuifu.testing.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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

  @Test
  @DisplayName("rule: an idle consumer after transactional writes (commit markers past the last record) is not a stall")
  void commitMarkersAreNotAStall() throws Exception {
    shopId = newShop();
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestInfrastructure.uniqueName("tx"));
    List<String> orders = List.of(uniqueOrderId(), uniqueOrderId(), uniqueOrderId());
    // as order-ingest writes: each request one transaction, a commit marker after its records
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      for (String order : orders) {
        producer.beginTransaction();
        OrderCreated event = created(shopId, order, uniquePhone(), CLOCK.instant());
        producer.send(new ProducerRecord<>(ENV.ordersTopic(), event.key(), EventJson.mapper().writeValueAsBytes(event)));
        producer.commitTransaction();
      }
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> orders.stream().allMatch(this::hasSmsTouch));
    await().atMost(Duration.ofSeconds(10)).until(() -> lag() == 0);

    // longer than the test environment's stall-after (8 s): still ready, nothing waiting
    long until = System.nanoTime() + Duration.ofSeconds(11).toNanos();
    while (System.nanoTime() < until) {
      assertThat(lag()).as("offsets behind with no record to read").isZero();
      assertThat(mvc.get().uri("/actuator/health/readiness")).hasStatusOk();
      Thread.sleep(1_000);
    }
  }

  private double lag() {
    return meters.get("cuifu.events.lag").gauge().value();
  }
}
