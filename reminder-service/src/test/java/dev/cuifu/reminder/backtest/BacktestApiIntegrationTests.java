package dev.cuifu.reminder.backtest;

import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.reminder.ReminderIntegrationTest;
import dev.cuifu.reminder.ops.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** {@code POST /api/v1/backtests} as a shop uploads its export: the figures, or a problem naming what is wrong. */
class BacktestApiIntegrationTests extends ReminderIntegrationTest {

  @Autowired MockMvcTester mvc;

  private static byte[] tmall;

  @BeforeEach
  void shop() throws IOException {
    shopId = newShop();
    if (tmall == null) {
      tmall = Files.readAllBytes(Path.of("..", "data", "tmall_order_report.csv"));
    }
  }

  private static MockMultipartFile part(String name, String type, byte[] content) {
    return new MockMultipartFile(name, name, type, content);
  }

  private static MockMultipartFile policy(String name, String delay) {
    return part(name, MediaType.APPLICATION_JSON_VALUE, BacktestCommandTests.POLICY.formatted(delay).getBytes(StandardCharsets.UTF_8));
  }

  private MvcTestResult post(String key, String query, MockMultipartFile... parts) {
    MockMultipartHttpServletRequestBuilder request = MockMvcRequestBuilders.multipart("/api/v1/backtests" + query);
    for (MockMultipartFile part : parts) {
      request.file(part);
    }
    if (key != null) {
      request.header("X-Api-Key", key);
    }
    return mvc.perform(request);
  }

  @Test
  void theTmallExportThroughTwoPoliciesGivesEachOnesFigures() {
    assertThat(
            post(apiKey(shopId), "?profile=tmall&lift=0.1", policy("policy", "PT10M"), policy("against", "PT3H"),
                part("orders", "text/csv", tmall)))
        .hasStatusOk()
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.orders.rows").isEqualTo(28010);
              assertThat(json).extractingPath("$.orders.failed").isEqualTo(0);
              assertThat(json).extractingPath("$.policies[0].name").isEqualTo("policy");
              assertThat(json).extractingPath("$.policies[1].name").isEqualTo("against");
              assertThat(json).extractingPath("$.policies[0].report.orders").isEqualTo(28010);
              assertThat(json).extractingPath("$.policies[0].report.ordersNeverPaid").isEqualTo(3923);
              assertThat(json).extractingPath("$.policies[0].report.remindedNeverPaid").isEqualTo(3923);
              assertThat(json).extractingPath("$.policies[0].report.lift").isEqualTo(0.1);
              assertThat(json).extractingPath("$.policies[0].report.tiers[0].channel").isEqualTo("SMS");
            });
  }

  private void storeOrder(String shop, String orderId, Instant created, Instant paid) {
    jdbc.sql(
            """
            insert into buyer_order (shop_id, order_id, status, buyer_id, amount_minor, currency, created_at, paid_at, updated_at)
            values (:shop, :order, :status, :order, 12800, 'CNY', :created, :paid, :created)
            """)
        .param("shop", shop)
        .param("order", orderId)
        .param("status", paid == null ? "UNPAID" : "PAID")
        .param("created", Timestamps.toDb(created))
        .param("paid", paid == null ? null : Timestamps.toDb(paid))
        .update();
  }

  @Test
  void theShopsStoredOrdersOfADateRangeAreReplayedInsteadOfAnUpload() {
    Instant noon = Instant.parse("2026-11-02T04:00:00Z"); // 12:00 in Shanghai, outside quiet hours
    storeOrder(shopId, "paid-at-once", noon, noon.plusSeconds(300));
    storeOrder(shopId, "paid-after-2h", noon, noon.plus(Duration.ofHours(2)));
    storeOrder(shopId, "never-paid", noon, null);
    storeOrder(shopId, "last-month", noon.minus(Duration.ofDays(30)), null);
    storeOrder(newShop(), "another-shops", noon, null);

    assertThat(post(apiKey(shopId), "?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z", policy("policy", "PT30M")))
        .hasStatusOk()
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.orders.rows").isEqualTo(3);
              assertThat(json).extractingPath("$.policies[0].report.tiers[0].reminded").isEqualTo(2);
              assertThat(json).extractingPath("$.policies[0].report.tiers[0].paidLaterAnyway").isEqualTo(1);
              assertThat(json).extractingPath("$.policies[0].report.tiers[0].cancelledPaid").isEqualTo(1);
              assertThat(json).extractingPath("$.policies[0].report.remindedNeverPaid").isEqualTo(1);
              assertThat(json).extractingPath("$.policies[0].report.remindedNeverPaidAmount").isEqualTo(128.0);
            });
    assertThat(post(apiKey(shopId), "?from=2026-11-01T00:00:00Z", policy("policy", "PT30M")))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("to");
  }

  @Test
  void aMissingPolicyPartIsATypedProblemNamingThePart() {
    assertThat(post(apiKey(shopId), "?profile=tmall", part("orders", "text/csv", tmall)))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.type").asString().startsWith("https://");
              assertThat(json).extractingPath("$.detail").asString().contains("policy");
            });
  }

  @Test
  void anInvalidPolicyABadFileOrNoKeyIsAProblemNamingIt() {
    assertThat(
            post(apiKey(shopId), "", policy("policy", "PT30M"), policy("against", "PT5M"), part("orders", "text/csv", tmall)))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("against.sms.delay");
    assertThat(
            post(apiKey(shopId), "", policy("policy", "PT30M"),
                part("orders", "text/csv", "order,total\n1,2.0\n".getBytes(StandardCharsets.UTF_8))))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("orders");
    assertThat(post(apiKey(shopId), "?profile=shopify", policy("policy", "PT30M"), part("orders", "text/csv", tmall)))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("profile");
    assertThat(post(null, "", policy("policy", "PT30M"), part("orders", "text/csv", tmall))).hasStatus(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void aLiftOfNaNAnAbsurdPriceOrADateBeyondTheDatabasesIsA400NotA500() {
    byte[] oneOrder =
        "订单编号,总金额,买家实际支付金额,收货地址 ,订单创建时间,订单付款时间 ,退款金额\n1,178.8,0.0,x,2020-02-21 00:00:00,,0.0\n"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(post(apiKey(shopId), "?lift=NaN", policy("policy", "PT30M"), part("orders", "text/csv", oneOrder)))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("lift");
    assertThat(post(apiKey(shopId), "?segmentPrice=1e999999999", policy("policy", "PT30M"), part("orders", "text/csv", oneOrder)))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("segmentPrice");
    assertThat(
            post(apiKey(shopId), "?from=-1000000000-01-01T00:00:00Z&to=-1000000000-01-02T00:00:00Z", policy("policy", "PT30M")))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("from");
    byte[] farFuture =
        "订单编号,总金额,买家实际支付金额,收货地址 ,订单创建时间,订单付款时间 ,退款金额\n1,178.8,0.0,x,+999999999-12-31 23:00:00,,0.0\n"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(post(apiKey(shopId), "", policy("policy", "PT30M"), part("orders", "text/csv", farFuture)))
        .hasStatusOk()
        .bodyJson()
        .extractingPath("$.orders.failed")
        .isEqualTo(1);
  }

  @Autowired BacktestRunner runner;

  @Test
  void backtestsRunOnTheirOwnThreadOnePerShopAndOneBeyondTheRunningAndWaitingIsA429() throws Exception {
    String hog = newShop();
    String third = newShop();
    CountDownLatch occupied = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // by default one backtest runs (the hog's, holding the pool's only thread) and one waits
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try {
      Future<String> holding = clients.submit(() -> runner.run(hog, () -> {
        occupied.countDown();
        release.await();
        return Thread.currentThread().getName();
      }));
      assertThat(occupied.await(10, TimeUnit.SECONDS)).isTrue();

      // a shop that walked away from its backtest cannot take the waiting place too
      assertThat(post(apiKey(hog), "", policy("policy", "PT30M"), part("orders", "text/csv", tmall)))
          .hasStatus(HttpStatus.TOO_MANY_REQUESTS)
          .hasHeader("Retry-After", "5")
          .bodyJson().extractingPath("$.detail").asString().contains("one at a time per shop");
      assertThat(runner.waiting()).isZero();

      Future<MvcTestResult> waiting = clients.submit(() -> post(apiKey(shopId), "", policy("policy", "PT30M"), part("orders", "text/csv", tmall)));
      await().atMost(Duration.ofSeconds(10)).until(() -> runner.waiting() == 1);

      assertThat(post(apiKey(third), "", policy("policy", "PT30M"), part("orders", "text/csv", tmall)))
          .hasStatus(HttpStatus.TOO_MANY_REQUESTS)
          .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
          .hasHeader("Retry-After", "5")
          .bodyJson().extractingPath("$.detail").asString().contains("backtests are running or waiting already");

      release.countDown();
      assertThat(holding.get(10, TimeUnit.SECONDS)).as("a backtest's thread").startsWith("backtest-");
      assertThat(waiting.get(60, TimeUnit.SECONDS)).as("the waiting one ran next").hasStatusOk();
    } finally {
      release.countDown();
      clients.shutdownNow();
    }
    assertThat(post(apiKey(shopId), "", policy("policy", "PT30M"), part("orders", "text/csv", tmall))).hasStatusOk();
    assertThat(post(apiKey(hog), "", policy("policy", "PT30M"), part("orders", "text/csv", tmall))).as("the hog's turn once its own ended").hasStatusOk();
  }

  private static final String BUYERS_PROFILE =
      """
      {"name": "with-buyers",
       "columns": {"orderId": "id", "createdAt": "created", "paidAt": "paid", "amount": "total", "buyerPhone": "phone"},
       "currency": "CNY", "timeZone": "Asia/Shanghai"}""";

  /** One CN buyer's number written three ways, and a masked one that no region reads. */
  private static final String ONE_BUYER_THREE_WAYS =
      """
      id,created,paid,total,phone,note
      A1,2026-11-02 12:00:00,,20.00,13800138000,x
      A2,2026-11-02 12:01:00,,20.00,+8613800138000,x
      A3,2026-11-02 12:02:00,,20.00,138 0013 8000,x
      B1,2026-11-02 12:03:00,,20.00,139****9999,x
      B2,2026-11-02 12:04:00,,oops,13900139000,x
      """;

  @Test
  void aProfileJsonUploadAndOneBuyerWhateverTheFormOfTheirNumberInTheShopsRegion() {
    jdbc.sql("update shop set phone_region = 'CN' where shop_id = ?").param(shopId).update();

    assertThat(
            post(apiKey(shopId), "", policy("policy", "PT30M"),
                part("profileJson", MediaType.APPLICATION_JSON_VALUE, BUYERS_PROFILE.getBytes(StandardCharsets.UTF_8)),
                part("orders", "text/csv", ONE_BUYER_THREE_WAYS.getBytes(StandardCharsets.UTF_8))))
        .hasStatusOk()
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.orders.rows").isEqualTo(4);
              assertThat(json).extractingPath("$.orders.errors[0].orderId").as("a value error names its order").isEqualTo("B2");
              assertThat(json).extractingPath("$.orders.unreadablePhones").isEqualTo(1);
              // A1's SMS takes A2 and A3 along (one buyer, one message per 24 h); the masked number is a buyer of its own
              assertThat(json).extractingPath("$.policies[0].report.smsMessages").isEqualTo(2);
              assertThat(json).extractingPath("$.policies[0].report.mergedOrders").isEqualTo(2);
            });
  }

  @Test
  void aBrokenProfileJsonIsA400NamingEachFieldAndNotBesideAProfileName() {
    assertThat(
            post(apiKey(shopId), "", policy("policy", "PT30M"),
                part("profileJson", MediaType.APPLICATION_JSON_VALUE, "{\"columns\": {\"orderId\": \"id\"}}".getBytes(StandardCharsets.UTF_8)),
                part("orders", "text/csv", ONE_BUYER_THREE_WAYS.getBytes(StandardCharsets.UTF_8))))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.errors[*].field").asArray()
                  .contains("profileJson.columns.createdAt", "profileJson.columns.amount", "profileJson.timeZone");
            });
    assertThat(
            post(apiKey(shopId), "?profile=tmall", policy("policy", "PT30M"),
                part("profileJson", MediaType.APPLICATION_JSON_VALUE, BUYERS_PROFILE.getBytes(StandardCharsets.UTF_8)),
                part("orders", "text/csv", ONE_BUYER_THREE_WAYS.getBytes(StandardCharsets.UTF_8))))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("profile");
    assertThat(
            post(apiKey(shopId), "", policy("policy", "PT30M"),
                part("profileJson", MediaType.APPLICATION_JSON_VALUE, "nope".getBytes(StandardCharsets.UTF_8)),
                part("orders", "text/csv", ONE_BUYER_THREE_WAYS.getBytes(StandardCharsets.UTF_8))))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.detail").as("the part is named once").isEqualTo("profile profileJson is not JSON (line 1, column 1)");
              assertThat(json).extractingPath("$.errors[0].field").isEqualTo("profileJson");
            });
  }
}
