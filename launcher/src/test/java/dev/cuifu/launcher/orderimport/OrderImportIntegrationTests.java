package dev.cuifu.launcher.orderimport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.ingest.OrderIngestApplication;
import dev.cuifu.testing.TestInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The import command against a running order-ingest on the real broker and PostgreSQL: a generated
 * export with a custom profile becomes events on the topic (national numbers normalised in the
 * shop's region), bad lines are reported by number without their numbers, and a second import of
 * the same file publishes nothing.
 */
class OrderImportIntegrationTests {

  private static final String OPERATOR_TOKEN = "operator-token-for-import-tests-0123456789";
  private static final String TOPIC = TestInfrastructure.uniqueName("orders");
  private static final String SHOP = TestInfrastructure.uniqueName("shop").replace('_', '-');

  @TempDir static Path dir;
  static ConfigurableApplicationContext ingest;
  static String ingestUrl;

  @BeforeAll
  static void startOrderIngest() {
    String schema = TestInfrastructure.uniqueName("ingest");
    ingest =
        OrderIngestApplication.builder()
            .run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + TestInfrastructure.jdbcUrl(schema),
                "--spring.datasource.username=" + TestInfrastructure.dbUser(),
                "--spring.datasource.password=" + TestInfrastructure.dbPassword(),
                "--spring.datasource.hikari.maximum-pool-size=3",
                "--spring.flyway.schemas=" + schema,
                "--spring.flyway.default-schema=" + schema,
                "--spring.kafka.bootstrap-servers=" + TestInfrastructure.kafkaBootstrapServers(),
                "--cuifu.ingest.operator-token=" + OPERATOR_TOKEN,
                "--cuifu.management.token=" + OPERATOR_TOKEN,
                "--cuifu.ingest.topics.orders=" + TOPIC,
                "--cuifu.ingest.topics.orders-partitions=2",
                "--cuifu.ingest.topics.shops=" + TestInfrastructure.uniqueName("shops"));
    ingestUrl = "http://127.0.0.1:" + ingest.getEnvironment().getProperty("local.server.port");
  }

  @AfterAll
  static void stop() {
    if (ingest != null) {
      ingest.close();
    }
  }

  @Test
  @DisplayName("rule: an export imports as events on the topic, bad lines are reported by number, a re-import publishes nothing")
  void importsOnceReportsBadLinesAndIsIdempotent() throws Exception {
    Path keyFile = Files.writeString(dir.resolve("key"), createShop() + "\n");
    Path profile =
        Files.writeString(
            dir.resolve("shop.json"),
            """
            {"name": "test-shop",
             "columns": {"orderId": "订单号", "createdAt": "下单时间", "paidAt": "付款时间", "amount": "金额",
                         "buyerId": "买家", "buyerPhone": "手机", "closedAt": "关闭时间"},
             "currency": "CNY", "timeZone": "Asia/Shanghai", "itemSummary": "您的订单"}""");
    // 备注 and 收货地址 are not in the profile: named once, up front
    StringBuilder csv = new StringBuilder("订单号,下单时间,付款时间,金额,买家,手机,关闭时间,备注,收货地址\n");
    int events = 0;
    for (int i = 0; i < 30; i++) {
      String paid = i % 3 == 0 ? "2026-12-01 10:%02d:00".formatted(i + 10) : "";
      String closed = i % 3 == 1 ? "2026-12-02 10:00:00" : "";
      events += 1 + (i % 3 == 2 ? 0 : 1);
      csv.append("O%d,2026-12-01 10:%02d:00,%s,%d.50,b%d,138 0013 8%03d,%s,,上海\n".formatted(i, i, paid, 100 + i, i, i, closed));
      if (i == 9) {
        csv.append("X1,2026-12-01 11:00:00,,10,bx,,,,\n"); // line 12: no phone
        csv.append("X2,2026-12-01 11:00:00,2026-12-01 11:05:00,10,bx,010 6552 9988,,,\n"); // line 13: a fixed line
        csv.append("X3,yesterday,,10,bx,13800138999,,,\n"); // line 14: not a time
      }
    }
    Path orders = Files.writeString(dir.resolve("orders.csv"), csv.toString());
    Path errors = dir.resolve("errors.csv");
    String[] args = {
      "--orders", orders.toString(), "--profile", profile.toString(), "--ingest", ingestUrl, "--api-key-file", keyFile.toString(),
      "--errors", errors.toString(), "--batch", "7"
    };

    Run first = run(args);

    assertThat(first.status()).as(first.err()).isEqualTo(OrderImport.LINE_ERRORS);
    assertThat(first.out()).contains("33 rows read", events + " events published", "0 duplicates", "3 lines refused");
    List<String> report = Files.readAllLines(errors);
    assertThat(report.get(0)).isEqualTo("line,orderId,reason");
    assertThat(report.subList(1, report.size()))
        .hasSize(3)
        .anySatisfy(l -> assertThat(l).startsWith("12,\"X1\",").contains("buyer phone: empty"))
        .anySatisfy(l -> assertThat(l).startsWith("13,\"X2\",").contains("buyerPhone").contains("fixed-line"))
        .anySatisfy(l -> assertThat(l).as("a value error names its order").startsWith("14,\"X3\",").contains("下单时间: not a time"));
    assertThat(first.err().lines().filter(l -> l.contains("warning: column(s) [备注, 收货地址]")))
        .as("the columns the profile leaves out, named once before the rows")
        .hasSize(1);
    assertThat(String.join("\n", report)).as("no raw phone number in the report").doesNotContain("6552 9988", "65529988");
    List<ConsumerRecord<String, String>> published = shopRecords();
    assertThat(published).hasSize(events);
    assertThat(published)
        .anySatisfy(r -> assertThat(r.value()).contains("\"orderId\":\"O1\"", "\"buyerPhone\":\"+8613800138001\"", "\"eventId\":\"import:O1:created\""))
        .anySatisfy(r -> assertThat(r.value()).contains("\"eventId\":\"import:O0:paid\""))
        .anySatisfy(r -> assertThat(r.value()).contains("\"eventId\":\"import:O1:closed\""))
        .noneSatisfy(r -> assertThat(r.key()).endsWith("/X2"));

    Run second = run(args);

    assertThat(second.out()).contains("33 rows read", "0 events published", events + " duplicates");
    assertThat(shopRecords()).as("a re-import publishes nothing new").hasSize(events);

    // the export again with O5's amount changed: order-ingest keeps the first (409), the rest are duplicates
    Files.writeString(orders, csv.toString().replace("\nO5,2026-12-01 10:05:00,,105.50,", "\nO5,2026-12-01 10:05:00,,999.00,"));

    Run changed = run(args);

    assertThat(changed.out()).contains("0 events published", (events - 1) + " duplicates", "4 lines refused");
    assertThat(Files.readAllLines(errors)).anySatisfy(l -> assertThat(l).startsWith("7,\"O5\",").contains("imported before with other content"));
    assertThat(shopRecords()).hasSize(events);
  }

  @Test
  @DisplayName("rule: an unreachable order-ingest stops the import with the line to resume from")
  void unreachableIngestSaysWhereToResume() throws Exception {
    Path keyFile = Files.writeString(dir.resolve("key2"), "cf_whatever");
    Path orders =
        Files.writeString(
            dir.resolve("few.csv"), "id,created,total,buyer,phone\nA,2026-12-01 10:00:00,1,b,13800138000\n");
    Path profile =
        Files.writeString(
            dir.resolve("few.json"),
            """
            {"columns": {"orderId": "id", "createdAt": "created", "amount": "total", "buyerId": "buyer", "buyerPhone": "phone"},
             "currency": "CNY", "timeZone": "Asia/Shanghai", "itemSummary": "x"}""");

    Run run =
        run(
            "--orders", orders.toString(), "--profile", profile.toString(), "--ingest", "http://127.0.0.1:9",
            "--api-key-file", keyFile.toString());

    assertThat(run.status()).isEqualTo(OrderImport.STOPPED);
    assertThat(run.err()).contains("cannot reach http://127.0.0.1:9", "after 2 attempts", "--from-line 2");
  }

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        OrderImport.run(
            args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            List.of(Duration.ofMillis(10)));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String createShop() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(ingestUrl + "/admin/v1/shops"))
                    .header("Authorization", "Bearer " + OPERATOR_TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            """
                            {"shopId": "%s", "name": "Import shop", "smsDelay": "PT30M", "smsFrom": "+14155550100",
                             "timeZone": "Asia/Shanghai", "phoneRegion": "CN"}"""
                                .formatted(SHOP)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return EventJson.mapper().readTree(response.body()).get("apiKey").asString();
  }

  /** The shop's committed records on the orders topic, as reminder-service reads them. */
  private static List<ConsumerRecord<String, String>> shopRecords() {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(TOPIC, Duration.ofSeconds(10)).stream().map(p -> new TopicPartition(TOPIC, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        assertThat(System.nanoTime()).as("reached the end of the topic within 30 s").isLessThan(deadline);
        consumer.poll(Duration.ofMillis(100)).forEach(r -> {
          if (r.key() != null && r.key().startsWith(SHOP + "/")) {
            records.add(r);
          }
        });
      }
      return records;
    }
  }
}
