package dev.cuifu.reminder;

import static dev.cuifu.reminder.ReminderTestSupport.created;
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
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class DeadLetterIntegrationTests extends ReminderIntegrationTest {

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

    List<ConsumerRecord<String, byte[]>> dead = readDeadLetters(2);
    assertThat(dead).extracting(ConsumerRecord::key).containsExactly(garbageKey, shopId + "/" + badPhoneOrder);
    assertThat(dead.get(0).value()).as("the original bytes are kept").isEqualTo(garbage);
    assertThat(reason(dead.get(0))).contains("cannot decode OrderEvent");
    assertThat(reason(dead.get(1))).contains("buyerPhone");
  }

  private static String reason(ConsumerRecord<String, byte[]> record) {
    Header header = record.headers().lastHeader("kafka_dlt-exception-message");
    assertThat(header).as("dead letters carry the reason").isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private static List<ConsumerRecord<String, byte[]>> readDeadLetters(int expected) {
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
                return records.size() >= expected;
              });
    }
    return records;
  }
}
