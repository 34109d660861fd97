package dev.cuifu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.common.kafka.Topics;
import dev.cuifu.testing.EmbeddedPostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Generated hostile events thrown at the running launcher (both apps, the broker, PostgreSQL):
 * every one is either refused with a 4xx that names what is wrong, or accepted and then planned
 * or dead-lettered by reminder-service; none is a 5xx and none stalls the consumer: a valid order
 * posted after all of them is planned. Seeded, so a failure replays; the seed is printed.
 */
class HostileEventsIntegrationTests {

  private static final int EVENTS = 300;
  private static final long SEED = Long.getLong("cuifu.hostile.seed", 20261206L);

  @TempDir static Path dataDir;
  static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.start(LauncherSettings.ephemeral(dataDir, Duration.ofSeconds(6)));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  /** Values a hostile or careless producer sends, as JSON. */
  private static final List<String> HOSTILE_VALUES =
      List.of(
          "null", "\"\"", "\" \"", "0", "-1", "1.5", "9223372036854775807", "99999999999999999999", "true", "[]", "{}",
          "\"a\\u0000b\"", "\"\\u0007bell\"", "\"\\u001b[31mred\"", "\"\\ud800\"", "\"\\udfff lone\"", "\"\\ud83d\\ude00 emoji\"",
          "\"\\u202e reversed\"", "\"line\\nbreak\"", "\"" + "x".repeat(2000) + "\"", "\"+10000-01-01T00:00:00Z\"",
          "\"-999999999-01-01T00:00:00Z\"", "\"1999-12-31T23:59:59Z\"", "\"2099-12-31T23:59:59Z\"", "\"2026-13-45T99:00:00Z\"",
          "8613800138558", "1767225600", "\"1767225600\"", "\"12900\"", "\"CNY\"", "\"cny\"", "\"XXX\"", "\"+8613800138000\"",
          "\"13800138000\"", "\"Asia/Shanghai\"", "\"Mars/Olympus\"", "\"+18:00\"", "\"PT30M\"", "\"OrderPaid\"", "\"OrderClosed\"",
          "\"<script>alert(1)</script>\"", "\"'; drop table touch; --\"", "\"${jndi:ldap://x}\"", "\"%s%n\"");

  private static final List<String> FIELDS =
      List.of(
          "type", "eventId", "orderId", "occurredAt", "buyerId", "buyerPhone", "chatHandle", "buyerTimeZone", "amount",
          "amount.minor", "amount.currency", "itemSummary", "buyerNote", "paymentDeadline", "talkedToService", "paidAt",
          "reason", "schemaVersion", "shopId", "paymentDeadlin", "extra");

  @Test
  @DisplayName("rule: a hostile event is refused naming what is wrong, or planned or dead-lettered; the consumer never stalls")
  void everyHostileEventIsRefusedPlannedOrDeadLettered() {
    System.out.printf("hostile events: seed %d (replay with -Dcuifu.hostile.seed=%d)%n", SEED, SEED);
    Random random = new Random(SEED);
    String run = UUID.randomUUID().toString().substring(0, 6);
    List<String> accepted = new ArrayList<>();
    int refused = 0;
    for (int i = 0; i < EVENTS; i++) {
      String orderId = "H" + run + "-" + i;
      Map<String, String> fields = validOrder(orderId, i);
      int mutations = 1 + random.nextInt(3);
      for (int m = 0; m < mutations; m++) {
        fields.put(FIELDS.get(random.nextInt(FIELDS.size())), HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size())));
      }
      String json = toJson(fields);
      HttpResponse<String> answer = post(json);
      assertThat(answer.statusCode()).as("answer to %s: %s", json, answer.body()).isIn(202, 400, 409, 413, 422);
      if (answer.statusCode() == 202) {
        JsonNode sent = EventJson.mapper().readTree(json);
        if ("OrderCreated".equals(sent.path("type").asString())) {
          accepted.add(sent.path("orderId").asString());
        }
      } else {
        refused++;
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(answer.body())
            .as("a refusal names the field, where the JSON broke, or the reused event id: %s", json)
            .containsAnyOf("\"field\"", "\"line\"", answer.statusCode() == 409 ? "Event id" : "\"field\"");
      }
    }
    System.out.printf("hostile events: %d posted, %d refused, %d orders accepted%n", EVENTS, refused, accepted.size());
    assertThat(refused).as("the generator produces refusals").isGreaterThan(EVENTS / 2);

    String sentinel = "S" + run;
    assertThat(post(toJson(validOrder(sentinel, EVENTS))).statusCode()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(60)).until(() -> planned(sentinel));

    Set<String> deadLettered = deadLetteredOrders();
    for (String orderId : accepted) {
      assertThat(planned(orderId) || deadLettered.contains(orderId))
          .as("accepted order %s is planned or dead-lettered", orderId)
          .isTrue();
    }
  }

  private static Map<String, String> validOrder(String orderId, int i) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("type", "\"OrderCreated\"");
    fields.put("eventId", "\"e-" + orderId + "\"");
    fields.put("orderId", "\"" + orderId + "\"");
    fields.put("occurredAt", "\"" + Instant.now() + "\"");
    fields.put("buyerId", "\"b-" + i + "\"");
    fields.put("buyerPhone", "\"+86138%08d\"".formatted(10_000_000 + i));
    fields.put("amount.minor", "12900");
    fields.put("amount.currency", "\"CNY\"");
    fields.put("itemSummary", "\"茶具\"");
    return fields;
  }

  /** Fields as JSON; {@code amount.x} become the amount object unless {@code amount} was replaced. */
  private static String toJson(Map<String, String> fields) {
    StringBuilder json = new StringBuilder("{");
    StringBuilder amount = new StringBuilder();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      if (field.getKey().startsWith("amount.")) {
        amount.append(amount.isEmpty() ? "" : ",").append('"').append(field.getKey().substring(7)).append("\":").append(field.getValue());
      } else {
        json.append(json.length() == 1 ? "" : ",").append('"').append(field.getKey()).append("\":").append(field.getValue());
      }
    }
    if (!fields.containsKey("amount")) {
      json.append(",\"amount\":{").append(amount).append('}');
    }
    return json.append('}').toString();
  }

  /** reminder-service holds the order (an id may hold a slash, which no URL path carries). */
  private static boolean planned(String orderId) {
    try (Connection db = DriverManager.getConnection(stack.postgresJdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
        PreparedStatement query =
            db.prepareStatement("select count(*) from reminder.buyer_order where shop_id = ? and order_id = ?")) {
      query.setString(1, LocalStack.DEMO_SHOP);
      query.setString(2, orderId);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() && rows.getLong(1) > 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<String> deadLetteredOrders() {
    Set<String> orders = new HashSet<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "hostile-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.ORDERS_DEAD_LETTER));
      long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < until) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> orders.add(r.key().substring(r.key().indexOf('/') + 1)));
      }
    }
    return orders;
  }

  private static HttpResponse<String> post(String json) {
    return send(
        HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "/api/v1/events"))
            .header("Content-Type", "application/json")
            .header("X-Api-Key", stack.demoApiKey())
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
}
