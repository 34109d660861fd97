package dev.cuifu.reminder.phone;

import static dev.cuifu.reminder.ReminderTestSupport.paid;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static dev.cuifu.reminder.security.AgentTestSupport.basic;
import static dev.cuifu.reminder.security.AgentTestSupport.createAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Phone-task events reach the Kafka topic for call-centre tools, through the outbox, in the order
 * they happened, keyed shopId/orderId, without the buyer's phone number.
 */
class PhoneTaskEventsIntegrationTests extends PhoneTaskIntegrationTestBase {

  @Autowired MockMvcTester mvc;
  @Autowired PhoneTaskQueue queue;
  @Autowired Scheduler scheduler;
  @Autowired TransactionTemplate transactions;

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
    String phone = uniquePhone();
    Task task = queuedTask(phone);
    String orderId = task.orderId();
    long taskId = task.taskId();

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
    Task task = queuedTask(uniquePhone());
    long taskId = task.taskId();

    publish(ENV.ordersTopic(), paid(shopId, task.orderId(), CLOCK.instant()));

    List<PhoneTaskEvent> events = eventsOf(taskId, 2);
    assertThat(events.get(0)).isInstanceOf(PhoneTaskCreated.class);
    assertThat(events.get(1)).isInstanceOfSatisfying(PhoneTaskClosed.class, closed -> assertThat(closed.reason()).isEqualTo("paid"));
  }

  @Test
  @DisplayName("rule: a change that fails (a claim refused with 409) writes no event")
  void aRefusedChangeWritesNoEvent() {
    String agent = createAgent(mvc, shopId, "AGENT");
    String other = createAgent(mvc, shopId, "AGENT");
    Task task = queuedTask(uniquePhone());
    long taskId = task.taskId();
    assertThat(post(agent, "/agent/tasks/{id}/claim", taskId, null)).hasStatusOk();

    assertThat(post(other, "/agent/tasks/{id}/claim", taskId, null)).hasStatus(HttpStatus.CONFLICT);

    assertThat(outboxTypes(taskId)).containsExactly("PhoneTaskCreated", "PhoneTaskClaimed");
  }

  @Test
  @DisplayName("rule: disabling an agent hands its claims back at once (PhoneTaskReleased, reason agent-disabled)")
  void disablingAnAgentReleasesItsClaims() {
    String admin = createAgent(mvc, shopId, "SHOP_ADMIN");
    String agent = createAgent(mvc, shopId, "AGENT");
    Task task = queuedTask(uniquePhone());
    long taskId = task.taskId();
    assertThat(post(agent, "/agent/tasks/{id}/claim", taskId, null)).hasStatusOk();

    assertThat(mvc.post().uri("/agent/agents/{u}/disable", agent).header(HttpHeaders.AUTHORIZATION, basic(admin)))
        .hasStatus(HttpStatus.NO_CONTENT);

    assertThat(queue.forTouch(task.touchId()).orElseThrow().state()).isEqualTo(PhoneTaskQueue.OPEN);
    assertThat(post(admin, "/agent/tasks/{id}/claim", taskId, null)).as("claimable again at once").hasStatusOk();
    List<PhoneTaskEvent> events = eventsOf(taskId, 4);
    assertThat(events.get(2))
        .isInstanceOfSatisfying(
            PhoneTaskReleased.class,
            released -> {
              assertThat(released.agent()).isEqualTo(agent);
              assertThat(released.releasedBy()).isEqualTo(admin);
              assertThat(released.reason()).isEqualTo("agent-disabled");
            });
  }

  @Test
  @DisplayName("rule: while the broker cannot be reached the events wait in the outbox, and go out once it can")
  void eventsWaitInTheOutboxWhileTheBrokerIsAway() throws Exception {
    String orderId = uniqueOrderId();
    long touchId = phoneTouch(shopId, orderId, "buyer-" + orderId, uniquePhone());
    TriggerKey relayTrigger = TriggerKey.triggerKey(PhoneTaskEventSchedule.NAME);
    scheduler.pauseTrigger(relayTrigger);
    long taskId;
    try {
      // a pause does not stop a relay already running: it could take this task's event
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> scheduler.getCurrentlyExecutingJobs().stream().noneMatch(job -> job.getTrigger().getKey().equals(relayTrigger)));
      taskId = queue.enqueue(touchId, shopId, orderId, 80, null, CLOCK.instant());
      KafkaProperties nowhere = new KafkaProperties();
      nowhere.setBootstrapServers(List.of("localhost:1"));
      PhoneTaskEventsProperties impatient =
          new PhoneTaskEventsProperties(ENV.phoneTasksTopic(), 1, Duration.ofSeconds(1), 10, Duration.ofMillis(500), Duration.ofDays(7));
      PhoneTaskEventRelay unreachable =
          new PhoneTaskEventRelay(jdbc, transactions, impatient, nowhere, new SimpleMeterRegistry(), CLOCK);
      try {
        assertThatThrownBy(unreachable::relay).isInstanceOf(IllegalStateException.class).hasMessageContaining("not acknowledged");
      } finally {
        unreachable.destroy();
      }
      assertThat(unsent(taskId)).as("still in the outbox").isEqualTo(1);
    } finally {
      scheduler.resumeTrigger(relayTrigger);
    }

    assertThat(eventsOf(taskId, 1).get(0)).isInstanceOf(PhoneTaskCreated.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> unsent(taskId) == 0);
  }

  record Task(String orderId, long touchId, long taskId) {}

  /** A high-value order of this shop and its queued phone task. */
  private Task queuedTask(String phone) {
    String orderId = uniqueOrderId();
    long touchId = phoneTouch(shopId, orderId, "buyer-" + orderId, phone);
    return new Task(orderId, touchId, queue.enqueue(touchId, shopId, orderId, 80, "high value", CLOCK.instant()));
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
    return outbox(taskId, true).size();
  }

  private List<String> outboxTypes(long taskId) {
    return outbox(taskId, false);
  }

  /** The types of the task's outbox rows (only the unsent ones, or all), in write order. */
  private List<String> outbox(long taskId, boolean unsentOnly) {
    return jdbc.sql(
            "select event_type from phone_task_outbox where payload like ? and (sent_at is null or not ?) order by outbox_id")
        .params("%\"taskId\":" + taskId + ",%", unsentOnly)
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
