package dev.cuifu.reminder;

import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.paid;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.send;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.testing.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ObjectNode;

class DeadLetterIntegrationTests extends ReminderIntegrationTest {

  @Autowired MeterRegistry meters;

  @Test
  void poisonRecordsLandOnTheDeadLetterTopicWithTheReasonAndLaterRecordsAreStillProcessed() {
    shopId = newShop();
    byte[] garbage = "{not json at all".getBytes(StandardCharsets.UTF_8);
    String garbageKey = shopId + "/garbage";
    send(ENV.ordersTopic(), garbageKey, garbage);

    String badPhoneOrder = uniqueOrderId();
    ObjectNode badPhone =
        (ObjectNode) EventJson.mapper().valueToTree(created(shopId, badPhoneOrder, uniquePhone(), CLOCK.instant()));
    badPhone.put("type", OrderCreated.TYPE).put("buyerPhone", "12345");
    send(ENV.ordersTopic(), shopId + "/" + badPhoneOrder, EventJson.mapper().writeValueAsBytes(badPhone));

    String goodOrder = uniqueOrderId();
    publish(ENV.ordersTopic(), created(shopId, goodOrder, uniquePhone(), CLOCK.instant()));

    await().atMost(Duration.ofSeconds(30)).until(() -> hasSmsTouch(goodOrder));
    assertThat(touches(badPhoneOrder)).as("an invalid event plans nothing").isEmpty();

    List<ConsumerRecord<String, byte[]>> dead = readDeadLetters(2, shopId + "/");
    assertThat(dead).extracting(ConsumerRecord::key).containsExactly(garbageKey, shopId + "/" + badPhoneOrder);
    assertThat(dead.get(0).value()).as("the original bytes are kept").isEqualTo(garbage);
    assertThat(reason(dead.get(0))).contains("cannot decode OrderEvent");
    assertThat(reason(dead.get(1))).contains("buyerPhone");
  }

  @Test
  @DisplayName("rule: one bad record never stops the partition: dead-lettered within seconds, later orders planned, payments still cancel")
  void aRecordThatCannotBeStoredIsDeadLetteredAndEveryShopGoesOn() throws Exception {
    shopId = newShop();
    String otherShop = newShop();
    String paidLater = uniqueOrderId();
    publish(ENV.ordersTopic(), created(shopId, paidLater, uniquePhone(), CLOCK.instant()));
    await().atMost(Duration.ofSeconds(30)).until(() -> hasSmsTouch(paidLater));
    double deadBefore = meters.counter("cuifu.events.dead_lettered").count();

    // written straight to the topic, as a buggy or hostile producer would
    String farFuture = uniqueOrderId();
    String withNul = uniqueOrderId();
    String phoneAsSeconds = uniqueOrderId();
    send(ENV.ordersTopic(), shopId + "/" + farFuture, raw(farFuture, n -> n.put("occurredAt", "+10000-01-01T00:00:00Z")));
    send(ENV.ordersTopic(), shopId + "/" + withNul, raw(withNul, n -> n.put("itemSummary", "secret\u0000summary")));
    send(ENV.ordersTopic(), shopId + "/" + phoneAsSeconds, raw(phoneAsSeconds, n -> n.put("occurredAt", 8613800138558L)));
    publish(ENV.ordersTopic(), paid(shopId, paidLater, CLOCK.instant()));
    String afterThem = uniqueOrderId();
    publish(ENV.ordersTopic(), created(otherShop, afterThem, uniquePhone(), CLOCK.instant()));

    await().atMost(Duration.ofSeconds(15))
        .until(() -> jdbc.sql("select count(*) from touch where shop_id = ? and order_id = ?").params(otherShop, afterThem).query(Long.class).single() > 0);
    await().atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(touches(paidLater)).allSatisfy(t -> assertThat(t).containsEntry("state", "CANCELLED")));
    for (String order : List.of(farFuture, withNul, phoneAsSeconds)) {
      assertThat(touches(order)).as("nothing planned for a bad record").isEmpty();
    }
    List<ConsumerRecord<String, byte[]>> dead = readDeadLetters(3, shopId + "/");
    assertThat(dead).extracting(ConsumerRecord::key)
        .containsExactly(shopId + "/" + farFuture, shopId + "/" + withNul, shopId + "/" + phoneAsSeconds);
    assertThat(reason(dead.get(0))).contains("occurredAt").doesNotContain("10000");
    assertThat(reason(dead.get(1))).contains("itemSummary").doesNotContain("secret");
    assertThat(reason(dead.get(2))).contains("occurredAt").doesNotContain("8613800138558");
    for (ConsumerRecord<String, byte[]> record : dead) {
      Header trace = record.headers().lastHeader("kafka_dlt-exception-stacktrace");
      assertThat(trace == null ? "" : new String(trace.value(), StandardCharsets.UTF_8))
          .as("no field value in the dead letter's trace either")
          .doesNotContain("secret", "8613800138558", "+10000");
    }
    assertThat(meters.counter("cuifu.events.dead_lettered").count() - deadBefore).isEqualTo(3);
  }

  private byte[] raw(String orderId, java.util.function.Consumer<ObjectNode> change) {
    ObjectNode node = (ObjectNode) EventJson.mapper().valueToTree(created(shopId, orderId, uniquePhone(), CLOCK.instant()));
    node.put("type", OrderCreated.TYPE);
    change.accept(node);
    return EventJson.mapper().writeValueAsBytes(node);
  }

  private static String reason(ConsumerRecord<String, byte[]> record) {
    Header header = record.headers().lastHeader("kafka_dlt-exception-message");
    assertThat(header).as("dead letters carry the reason").isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  /** The dead letters whose key starts with {@code keyPrefix}, once there are {@code expected}. */
  private static List<ConsumerRecord<String, byte[]>> readDeadLetters(int expected, String keyPrefix) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, TestInfrastructure.uniqueName("dlt-reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(ENV.deadLetterTopic()));
      await().atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.stream().filter(r -> r.key().startsWith(keyPrefix)).count() >= expected;
              });
    }
    return records.stream().filter(r -> r.key().startsWith(keyPrefix)).toList();
  }
}
