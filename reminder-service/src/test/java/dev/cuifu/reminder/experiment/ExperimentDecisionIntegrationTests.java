package dev.cuifu.reminder.experiment;

import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.paid;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.cuifu.common.event.ExperimentEvent;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.common.kafka.Topics;
import dev.cuifu.reminder.ManualDispatchIntegrationTest;
import dev.cuifu.reminder.ReminderServiceApplication;
import dev.cuifu.reminder.ShopApi;
import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.testing.TestInfrastructure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The winner rule's decision stored and acted on, on the real broker and database: recorded once
 * with its evidence when the rule first fires, shown as the winner for good, auto-applied (the
 * winner pinned, the holdout lowered) and still there after a restart; and the experiment's history.
 */
class ExperimentDecisionIntegrationTests extends ManualDispatchIntegrationTest {

  private static final String TEXT = "Order {orderId} is still unpaid. Need help paying? Just reply. STOP to opt out";
  private static final String OTHER_TEXT = "Order {orderId} awaits payment; it closes soon. STOP to opt out";
  /** Orders per arm: every arm-a order paid after its reminder was due, none of arm b's — enough for the rule at this minimum. */
  private static final int PER_ARM = 16;
  private static final int MIN_SAMPLE = 15;

  @Autowired MockMvcTester mvc;
  @Autowired Experiments experiments;
  @Autowired ExperimentRepository repository;
  @Autowired ExperimentDecider decider;

  /** The shop's second wording, created on first use. */
  private Long otherScript;

  @BeforeEach
  void shop() {
    shopId = newShop();
    otherScript = null;
  }

  @Test
  @DisplayName("the rule firing records the decision once with its evidence: two reads, one row, the same time; a duplicate insert changes nothing;"
      + " the winner stays when the live rule no longer names it; A/A (one script on both arms) can be created")
  void decisionIsRecordedOnce() {
    long script = script();
    String created = body(api().post("/api/v1/experiments", experimentBody(script, script, 41, "")), HttpStatus.CREATED);
    assertThat((Boolean) JsonPath.read(created, "$.autoApply")).isFalse();
    long id = ((Number) JsonPath.read(created, "$.id")).longValue();

    playUntilTheRuleFires(id);
    Instant decidedAt = CLOCK.instant();
    String stats = body(api().get("/api/v1/experiments/" + id + "/stats"), HttpStatus.OK);
    assertThat(JsonPath.<String>read(stats, "$.winner")).isEqualTo("a");
    assertThat(JsonPath.<String>read(stats, "$.liveLeader")).isEqualTo("a");
    assertThat(JsonPath.<String>read(stats, "$.decision.winner")).isEqualTo("a");
    assertThat(Instant.parse(JsonPath.read(stats, "$.decision.decidedAt"))).isEqualTo(decidedAt);
    assertThat(JsonPath.<Boolean>read(stats, "$.decision.applied")).isFalse();
    assertThat(JsonPath.<List<Object>>read(stats, "$.decision.evidence.counts[*].id")).containsExactly("a", "b", "holdout");
    assertThat(JsonPath.<List<Object>>read(stats, "$.decision.evidence.counts[*].settled")).startsWith(PER_ARM, PER_ARM);
    assertThat(JsonPath.<List<Object>>read(stats, "$.decision.evidence.counts[*].recovered")).startsWith(PER_ARM, 0);
    assertThat(((Number) JsonPath.read(stats, "$.decision.evidence.rate")).doubleValue()).isEqualTo(1.0);
    assertThat(((Number) JsonPath.read(stats, "$.decision.evidence.probabilityBest")).doubleValue()).isGreaterThan(0.99);
    assertThat(((Number) JsonPath.read(stats, "$.decision.evidence.leadInterval.lower")).doubleValue()).isPositive();
    assertThat(((Number) JsonPath.read(stats, "$.decision.evidence.lift")).doubleValue()).isEqualTo(1.0);
    assertThat(JsonPath.<String>read(stats, "$.decision.evidence.liftInterval.kind")).startsWith("always-valid 95%");
    // without autoApply nothing is pinned
    assertThat(JsonPath.<List<Object>>read(stats, "$.arms[*].state")).containsExactly("ACTIVE", "ACTIVE");

    CLOCK.advance(Duration.ofHours(1));
    String again = body(api().get("/api/v1/experiments/" + id + "/stats"), HttpStatus.OK);
    assertThat(Instant.parse(JsonPath.read(again, "$.decision.decidedAt"))).isEqualTo(decidedAt);
    assertThat(experiments.decideRunning()).as("the periodic check finds it decided").isZero();
    assertThat(decisionRows(id)).isEqualTo(1);
    assertThat(repository.insertDecision(id, "b", CLOCK.instant(), "{}")).as("a second instance's insert").isFalse();
    assertThat(decisionRows(id)).isEqualTo(1);
    assertThat(jdbc.sql("select winner from experiment_decision where experiment_id = ?").param(id).query(String.class).single()).isEqualTo("a");

    // the shop retires a: the live rule now names the lone open arm b, the recorded winner stays a
    assertThat(api().post("/api/v1/experiments/" + id + "/arms/a/retire", "")).hasStatusOk();
    String after = body(api().get("/api/v1/experiments/" + id + "/stats"), HttpStatus.OK);
    assertThat(JsonPath.<String>read(after, "$.liveLeader")).isEqualTo("b");
    assertThat(JsonPath.<String>read(after, "$.winner")).isEqualTo("a");

    assertThat(history(id)).containsExactly("CREATED by API", "WINNER_RECORDED by RULE", "ARM_RETIRED by API");
  }

  @Test
  @DisplayName("autoApply: the periodic check records the winner, pins it and lowers the holdout to the decay share; the next orders all go to"
      + " the winner or the holdout; after a restart the decision and the pin hold")
  void autoApplyPinsTheWinnerAndSurvivesARestart() {
    long script = script();
    String created = body(api().post("/api/v1/experiments", experimentBody(script, 43, ",\"autoApply\":true")), HttpStatus.CREATED);
    assertThat(((Number) JsonPath.read(created, "$.decayHoldoutShare")).doubleValue()).isEqualTo(0.05);
    long id = ((Number) JsonPath.read(created, "$.id")).longValue();

    playUntilTheRuleFires(id);
    Instant decidedAt = CLOCK.instant();
    // nobody reads the stats: the periodic check's work decides
    experiments.decideRunning();
    String experiment = body(api().get("/api/v1/experiments/" + id), HttpStatus.OK);
    assertThat(JsonPath.<List<Object>>read(experiment, "$.arms[*].state")).containsExactly("PINNED", "ACTIVE");
    assertThat(((Number) JsonPath.read(experiment, "$.holdoutShare")).doubleValue()).isEqualTo(0.05);
    String stats = body(api().get("/api/v1/experiments/" + id + "/stats"), HttpStatus.OK);
    assertThat(JsonPath.<String>read(stats, "$.winner")).isEqualTo("a");
    assertThat(JsonPath.<Boolean>read(stats, "$.decision.applied")).isTrue();
    assertThat(Instant.parse(JsonPath.read(stats, "$.decision.decidedAt"))).isEqualTo(decidedAt);

    // the next orders: the winner or the decay holdout, never b
    List<String> next = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String orderId = uniqueOrderId();
      next.add(orderId);
      publish(ENV.ordersTopic(), created(shopId, orderId, uniquePhone(), CLOCK.instant()));
    }
    awaitPlanned(id, next);
    assertThat(next).allSatisfy(o -> assertThat(hasSmsTouch(o) ? smsTouch(o).get("experiment_arm") : "holdout").isIn("a", "holdout"));
    assertThat(next.stream().filter(this::hasSmsTouch)).as("a 5% holdout leaves most orders to the winner").hasSizeGreaterThan(6);

    assertThat(history(id)).containsExactly("CREATED by API", "WINNER_RECORDED by RULE", "AUTO_APPLIED by RULE");

    try (ConfigurableApplicationContext restarted = startAnother()) {
      Experiments there = restarted.getBean(Experiments.class);
      ExperimentStats.View view = there.stats(shopId, id);
      assertThat(view.winner()).isEqualTo("a");
      assertThat(view.decision().decidedAt()).isEqualTo(decidedAt);
      assertThat(view.decision().applied()).isTrue();
      assertThat(view.decision().evidence().counts().get(0)).isEqualTo(new Decision.Count("a", PER_ARM, PER_ARM, 0));
      StoredExperiment stored = there.find(shopId, id);
      assertThat(stored.design().pinned()).map(Arm::id).contains("a");
      assertThat(stored.design().holdoutShare()).isEqualTo(0.05);
      assertThat(there.history(shopId, id)).hasSize(3);
    }
  }

  @Test
  @DisplayName("history lists every change in order with its time and actor, and each is published as an ExperimentEvent; autoApply's share is validated")
  void historyListsTheChanges() {
    long script = script();
    assertThat(api().post("/api/v1/experiments", experimentBody(script, 1, ",\"autoApply\":true,\"decayHoldoutShare\":0.6")))
        .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly("decayHoldoutShare");
    assertThat(api().post("/api/v1/experiments", experimentBody(script, 1, ",\"decayHoldoutShare\":0.1")))
        .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly("decayHoldoutShare");
    String created = body(api().post("/api/v1/experiments", experimentBody(script, 1, ",\"autoApply\":true,\"decayHoldoutShare\":0")),
        HttpStatus.CREATED);
    long id = ((Number) JsonPath.read(created, "$.id")).longValue();
    Instant t0 = CLOCK.instant();
    CLOCK.advance(Duration.ofMinutes(1));
    assertThat(api().post("/api/v1/experiments/" + id + "/arms/b/pin", "")).hasStatusOk();
    CLOCK.advance(Duration.ofMinutes(1));
    assertThat(api().post("/api/v1/experiments/" + id + "/arms/a/retire", "")).hasStatusOk();
    CLOCK.advance(Duration.ofMinutes(1));
    assertThat(api().post("/api/v1/experiments/" + id + "/stop", "")).hasStatusOk();
    assertThat(api().post("/api/v1/experiments/" + id + "/stop", "")).hasStatusOk();

    String history = body(api().get("/api/v1/experiments/" + id + "/history"), HttpStatus.OK);
    assertThat(JsonPath.<List<Object>>read(history, "$[*].change")).containsExactly("CREATED", "ARM_PINNED", "ARM_RETIRED", "STOPPED");
    assertThat(JsonPath.<List<Object>>read(history, "$[*].actor")).containsOnly("API");
    assertThat(JsonPath.<List<Object>>read(history, "$[*].at"))
        .containsExactly(t0.toString(), t0.plusSeconds(60).toString(), t0.plusSeconds(120).toString(), t0.plusSeconds(180).toString());
    assertThat(JsonPath.<String>read(history, "$[0].detail")).contains("decay holdout share 0.0");
    assertThat(JsonPath.<String>read(history, "$[1].detail")).isEqualTo("arm b");

    // each entry is published as an ExperimentEvent, keyed shopId/experimentId, in order
    List<ExperimentEvent> events = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, TestInfrastructure.uniqueName("experiment-events"),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.EXPERIMENTS));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.key().equals(shopId + "/" + id)) {
            events.add(EventJson.mapper().readValue(record.value(), ExperimentEvent.class));
          }
        }
        return events.size() >= 4;
      });
    }
    assertThat(events).extracting(ExperimentEvent::change).containsExactly("CREATED", "ARM_PINNED", "ARM_RETIRED", "STOPPED");
    assertThat(events).extracting(ExperimentEvent::occurredAt).containsExactly(t0, t0.plusSeconds(60), t0.plusSeconds(120), t0.plusSeconds(180));
    assertThat(events.get(1).detail()).isEqualTo("arm b");
    assertThat(events).extracting(ExperimentEvent::eventId).doesNotHaveDuplicates();
    assertThat(mvc.get().uri("/api/v1/experiments/" + id + "/history").header("X-Api-Key", dev.cuifu.reminder.ReminderTestSupport.apiKey(newShop())))
        .hasStatus(HttpStatus.NOT_FOUND);
  }

  /**
   * Orders the seeded draw gives to a, b and the holdout; every a order paid after its reminder was
   * due, none of the others; then the payment window passes, and the rule names a.
   */
  @Test
  @DisplayName("the rule decides on the experiment as it is when it records, not on the snapshot it read: a stop in between leaves no"
      + " decision and no pin; a pin the shop set in between is kept (the decision is recorded, not applied)")
  void aDecisionNeverOverwritesWhatTheShopDidMeanwhile() {
    long script = script();
    long stopped = ((Number) JsonPath.read(
        body(api().post("/api/v1/experiments", experimentBody(script, 47, ",\"autoApply\":true")), HttpStatus.CREATED), "$.id")).longValue();
    playUntilTheRuleFires(stopped);
    StoredExperiment before = experiments.find(shopId, stopped);
    ExperimentStats.View read = experiments.live(before);
    assertThat(read.winner()).as("the rule names a winner on what it read").isEqualTo("a");
    assertThat(api().post("/api/v1/experiments/" + stopped + "/stop", "")).hasStatusOk();
    assertThat(decider.decide(before, read)).as("stopped meanwhile: nothing recorded").isEmpty();
    assertThat(decisionRows(stopped)).isZero();
    assertThat(experiments.find(shopId, stopped).design().pinned()).isEmpty();
    assertThat(history(stopped)).containsExactly("CREATED by API", "STOPPED by API");

    // a second experiment on the same tier can run now that the first is stopped
    long pinned = ((Number) JsonPath.read(
        body(api().post("/api/v1/experiments", experimentBody(script, 53, ",\"autoApply\":true")), HttpStatus.CREATED), "$.id")).longValue();
    playUntilTheRuleFires(pinned);
    StoredExperiment stale = experiments.find(shopId, pinned);
    ExperimentStats.View seen = experiments.live(stale);
    assertThat(seen.winner()).isEqualTo("a");
    assertThat(api().post("/api/v1/experiments/" + pinned + "/arms/b/pin", "")).hasStatusOk();
    assertThat(decider.decide(stale, seen)).hasValueSatisfying(d -> {
      assertThat(d.winner()).isEqualTo("a");
      assertThat(d.applied()).as("the shop's own pin wins").isFalse();
    });
    StoredExperiment now = experiments.find(shopId, pinned);
    assertThat(now.design().pinned()).map(Arm::id).contains("b");
    assertThat(now.design().holdoutShare()).as("the holdout is not lowered either").isEqualTo(0.2);
    assertThat(history(pinned)).containsExactly("CREATED by API", "ARM_PINNED by API", "WINNER_RECORDED by RULE");
    // pinning it again changes nothing and records nothing
    assertThat(api().post("/api/v1/experiments/" + pinned + "/arms/b/pin", "")).hasStatusOk();
    assertThat(history(pinned)).hasSize(3);
    // a decay holdout above the holdout would withhold more reminders after the decision: refused
    assertThat(api().post("/api/v1/experiments", experimentBody(script, 59, ",\"autoApply\":true,\"decayHoldoutShare\":0.3")))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyText()
        .contains("decayHoldoutShare");
  }

  private void playUntilTheRuleFires(long id) {
    ExperimentDesign design = experiments.find(shopId, id).design();
    Map<String, List<String>> groups = new HashMap<>(Map.of("a", new ArrayList<>(), "b", new ArrayList<>(), "holdout", new ArrayList<>()));
    while (groups.get("a").size() < PER_ARM || groups.get("b").size() < PER_ARM || groups.get("holdout").isEmpty()) {
      String orderId = uniqueOrderId();
      String arm = Allocator.assign(design, orderId, Map.of()) instanceof Assignment.ToArm toArm ? toArm.arm().id() : "holdout";
      List<String> group = groups.get(arm);
      if (group.size() < PER_ARM) {
        group.add(orderId);
      }
    }
    List<String> all = groups.values().stream().flatMap(List::stream).toList();
    all.forEach(o -> publish(ENV.ordersTopic(), created(shopId, o, uniquePhone(), CLOCK.instant())));
    awaitPlanned(id, all);
    CLOCK.advance(SHOP_DELAY.plusMinutes(1));
    groups.get("a").forEach(o -> publish(ENV.ordersTopic(), paid(shopId, o, CLOCK.instant())));
    await().atMost(Duration.ofSeconds(30)).until(() -> groups.get("a").stream().allMatch(o -> "PAID".equals(order(o).get("status"))));
    String pending = body(api().get("/api/v1/experiments/" + id + "/stats"), HttpStatus.OK);
    assertThat(JsonPath.<Object>read(pending, "$.winner")).as("b's orders are pending: no minimum sample yet").isNull();
    assertThat(JsonPath.<Object>read(pending, "$.decision")).isNull();
    CLOCK.advance(Duration.ofHours(72));
  }

  /** Arm a on {@code script}, arm b on another wording (auto-apply is refused on an A/A experiment). */
  private String experimentBody(long script, long seed, String extra) {
    if (otherScript == null) {
      otherScript = script(OTHER_TEXT);
    }
    return experimentBody(script, otherScript, seed, extra);
  }

  private String experimentBody(long scriptA, long scriptB, long seed, String extra) {
    return "{\"name\":\"decide\",\"tier\":1,\"holdoutShare\":0.2,\"minSamplePerArm\":" + MIN_SAMPLE + ",\"seed\":" + seed
        + ",\"arms\":[{\"id\":\"a\",\"scriptId\":" + scriptA + "},{\"id\":\"b\",\"scriptId\":" + scriptB + "}]" + extra + "}";
  }

  private List<String> history(long id) {
    String history = body(api().get("/api/v1/experiments/" + id + "/history"), HttpStatus.OK);
    List<String> changes = JsonPath.read(history, "$[*].change");
    List<String> actors = JsonPath.read(history, "$[*].actor");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      out.add(changes.get(i) + " by " + actors.get(i));
    }
    return out;
  }

  private long decisionRows(long id) {
    return jdbc.sql("select count(*) from experiment_decision where experiment_id = ?").param(id).query(Long.class).single();
  }

  private long script() {
    return script(TEXT);
  }

  private long script(String text) {
    String created = body(api().post("/api/v1/scripts", "{\"name\":\"s\",\"channel\":\"sms\",\"locale\":\"en\",\"text\":\"" + text + "\"}"),
        HttpStatus.CREATED);
    return ((Number) JsonPath.read(created, "$.id")).longValue();
  }

  /** Waits until every order has its SMS touch or its holdout record. */
  private void awaitPlanned(long id, Collection<String> orderIds) {
    await().atMost(Duration.ofSeconds(30)).until(() -> orderIds.stream().allMatch(o -> hasSmsTouch(o) || heldOut(id, o)));
  }

  private boolean heldOut(long id, String orderId) {
    return jdbc.sql("select would_due_at from experiment_holdout where experiment_id = ? and order_id = ?")
        .params(id, orderId)
        .query((rs, n) -> Timestamps.fromDb(rs, "would_due_at"))
        .optional()
        .isPresent();
  }

  /** The shared clock, for the service started again. */
  @Configuration(proxyBeanMethods = false)
  static class SameClock {
    @Bean
    @Primary
    Clock testClock() {
      return CLOCK;
    }
  }

  /** Another reminder-service on the same schema and topics, as after a restart (its sweep off: it sends nothing). */
  private static ConfigurableApplicationContext startAnother() {
    return new SpringApplicationBuilder(ReminderServiceApplication.class, SameClock.class)
        .properties("spring.config.name=" + ReminderServiceApplication.CONFIG_NAME)
        .run(
            Stream.concat(Stream.of(ENV.propertyArray()), Stream.of("cuifu.reminder.dispatch.sweep-enabled=false"))
                .map(p -> "--" + p)
                .toArray(String[]::new));
  }

  private ShopApi api() {
    return new ShopApi(mvc, shopId);
  }

  private static String body(org.springframework.test.web.servlet.assertj.MvcTestResult result, HttpStatus expected) {
    return ShopApi.body(result, expected);
  }
}
