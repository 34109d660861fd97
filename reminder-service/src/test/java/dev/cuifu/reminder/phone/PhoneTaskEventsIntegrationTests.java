package dev.cuifu.reminder.phone;

import static dev.cuifu.reminder.ReminderTestSupport.paid;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static dev.cuifu.reminder.security.AgentTestSupport.basic;
import static dev.cuifu.reminder.security.AgentTestSupport.createAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.event.PhoneTaskClaimed;
import dev.cuifu.common.event.PhoneTaskClosed;
import dev.cuifu.common.event.PhoneTaskCompleted;
import dev.cuifu.common.event.PhoneTaskCreated;
import dev.cuifu.common.event.PhoneTaskEvent;
import dev.cuifu.common.event.PhoneTaskReleased;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.testing.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Phone-task events reach the Kafka topic for call-centre tools, through the outbox, in the order
 * they happened, keyed shopId/orderId, without the buyer's phone number.
 */
class PhoneTaskEventsIntegrationTests extends PhoneTaskIntegrationTestBase {

  @Autowired MockMvcTester mvc;
  @Autowired PhoneTaskQueue queue;

  KafkaConsumer<String, String> consumer;
  final List<ConsumerRecord<String, String>> received = new ArrayList<>();

  @BeforeEach
  void consumeTheTopic() {
    shopId = newShop();
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, TestInfrastructure.uniqueName("call-centre"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new StringDeserializer());
    consumer.subscribe(List.of(ENV.phoneTasksTopic()));
  }

  @AfterEach
  void close() {
    consumer.close();
  }

  @Test
  @DisplayName("rule: a task's life (created, claimed, released, claimed, completed) arrives on the topic in order, without the phone number")
  void aTasksLifeArrivesInOrder() {
    String admin = createAgent(mvc, shopId, "SHOP_ADMIN");
    String agent = createAgent(mvc, shopId, "AGENT");
    String orderId = uniqueOrderId();
    String phone = uniquePhone();
    long touchId = phoneTouch(shopId, orderId, "buyer-" + orderId, phone);
    long taskId = queue.enqueue(touchId, shopId, orderId, 80, "high value", CLOCK.instant());

    assertThat(post(agent, "/agent/tasks/{id}/claim", taskId, null)).hasStatusOk();
    assertThat(post(admin, "/agent/tasks/{id}/release", taskId, null)).hasStatus(HttpStatus.NO_CONTENT);
    assertThat(post(admin, "/agent/tasks/{id}/release", taskId, null)).as("not claimed now").hasStatus(HttpStatus.CONFLICT);
    assertThat(post(agent, "/agent/tasks/{id}/claim", taskId, null)).hasStatusOk();
    assertThat(post(agent, "/agent/tasks/{id}/complete", taskId, "{\"outcome\":\"DECLINED\",\"lossReason\":\"CHEAPER_ELSEWHERE\",\"note\":\"buyer Wang\"}"))
        .hasStatusOk();

    List<PhoneTaskEvent> events = eventsOf(taskId, 5);

    assertThat(events)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly("PhoneTaskCreated", "PhoneTaskClaimed", "PhoneTaskReleased", "PhoneTaskClaimed", "PhoneTaskCompleted");
    assertThat(events).allSatisfy(e -> {
      assertThat(e.shopId()).isEqualTo(shopId);
      assertThat(e.orderId()).isEqualTo(orderId);
      assertThat(e.schemaVersion()).isEqualTo(PhoneTaskEvent.SCHEMA_VERSION);
    });
    assertThat(events).extracting(PhoneTaskEvent::eventId).doesNotHaveDuplicates();
    assertThat((PhoneTaskCreated) events.get(0)).returns(80, PhoneTaskCreated::priority);
    assertThat((PhoneTaskClaimed) events.get(1)).returns(agent, PhoneTaskClaimed::agent);
    assertThat((PhoneTaskReleased) events.get(2))
        .returns(agent, PhoneTaskReleased::agent)
        .returns(admin, PhoneTaskReleased::releasedBy)
        .returns("released", PhoneTaskReleased::reason);
    assertThat((PhoneTaskCompleted) events.get(4))
        .returns("DECLINED", PhoneTaskCompleted::outcome)
        .returns("CHEAPER_ELSEWHERE", PhoneTaskCompleted::lossReason)
        .returns(agent, PhoneTaskCompleted::agent);
    List<ConsumerRecord<String, String>> records = received.stream().filter(r -> r.value().contains("\"taskId\":" + taskId + ",")).toList();
    assertThat(records).allSatisfy(r -> {
      assertThat(r.key()).isEqualTo(OrderEvent.key(shopId, orderId));
      assertThat(r.value()).doesNotContain(phone.substring(3)).doesNotContain("buyer Wang");
    });
    assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
    await().atMost(Duration.ofSeconds(10)).until(() -> unsent(taskId) == 0);
  }

  @Test
  @DisplayName("rule: a paid order closes its task, and the tools hear PhoneTaskClosed with reason paid")
  void aPaidOrderClosesTheTask() {
    String orderId = uniqueOrderId();
    long touchId = phoneTouch(shopId, orderId, "buyer-" + orderId, uniquePhone());
    long taskId = queue.enqueue(touchId, shopId, orderId, 80, "high value", CLOCK.instant());

    publish(ENV.ordersTopic(), paid(shopId, orderId, CLOCK.instant()));

    List<PhoneTaskEvent> events = eventsOf(taskId, 2);
    assertThat(events.get(0)).isInstanceOf(PhoneTaskCreated.class);
    assertThat(events.get(1)).isInstanceOfSatisfying(PhoneTaskClosed.class, closed -> assertThat(closed.reason()).isEqualTo("paid"));
  }

  @Test
  @DisplayName("rule: a change that fails (a claim refused with 409) writes no event")
  void aRefusedChangeWritesNoEvent() {
    String agent = createAgent(mvc, shopId, "AGENT");
    String other = createAgent(mvc, shopId, "AGENT");
    String orderId = uniqueOrderId();
    long touchId = phoneTouch(shopId, orderId, "buyer-" + orderId, uniquePhone());
    long taskId = queue.enqueue(touchId, shopId, orderId, 80, null, CLOCK.instant());
    assertThat(post(agent, "/agent/tasks/{id}/claim", taskId, null)).hasStatusOk();

    assertThat(post(other, "/agent/tasks/{id}/claim", taskId, null)).hasStatus(HttpStatus.CONFLICT);

    assertThat(outboxTypes(taskId)).containsExactly("PhoneTaskCreated", "PhoneTaskClaimed");
  }

  private List<PhoneTaskEvent> eventsOf(long taskId, int expected) {
    List<PhoneTaskEvent> events = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                received.add(record);
                PhoneTaskEvent event = EventJson.mapper().readValue(record.value(), PhoneTaskEvent.class);
                if (event.taskId() == taskId) {
                  events.add(event);
                }
              }
              return events.size() >= expected;
            });
    return events;
  }

  private long unsent(long taskId) {
    return jdbc.sql("select count(*) from phone_task_outbox where sent_at is null and payload like ?")
        .param("%\"taskId\":" + taskId + ",%")
        .query(Long.class)
        .single();
  }

  private List<String> outboxTypes(long taskId) {
    return jdbc.sql("select event_type from phone_task_outbox where payload like ? order by outbox_id")
        .param("%\"taskId\":" + taskId + ",%")
        .query(String.class)
        .list();
  }

  private org.springframework.test.web.servlet.assertj.MvcTestResult post(String agent, String uri, long taskId, String body) {
    var request = mvc.post().uri(uri, taskId).header(HttpHeaders.AUTHORIZATION, basic(agent));
    if (body != null) {
      request = request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
    return request.exchange();
  }
}
