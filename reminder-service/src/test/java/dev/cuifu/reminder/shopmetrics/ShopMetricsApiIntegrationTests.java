package dev.cuifu.reminder.shopmetrics;

import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static dev.cuifu.reminder.security.AgentTestSupport.basic;
import static dev.cuifu.reminder.security.AgentTestSupport.createAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.cuifu.reminder.ShopApi;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** {@code GET /api/v1/metrics/daily}, the dashboard's data and the per-shop gauges, on the scenario of {@link ShopMetricsTestBase}. */
class ShopMetricsApiIntegrationTests extends ShopMetricsTestBase {

  @Autowired ShopMetricsGauges gauges;
  @Autowired ShopMetrics metrics;
  @Autowired DataSource dataSource;

  @Test
  @DisplayName("rule: per day in the shop's zone — placed, paid, closed unpaid, loss ratio, amounts, reminded and recovered per channel, loss reasons, customer service; no other shop's orders")
  void dailyFiguresOfTwoDays() {
    shopId = newShop();
    String other = newShop();
    TwoDays days = twoDays(shopId);
    // another shop's orders on the same days never show
    place(other, 99_900, true);
    ShopApi api = new ShopApi(mvc, shopId);

    MvcTestResult result = api.get("/api/v1/metrics/daily?from=" + days.day1() + "&to=" + days.day2());

    assertThat(result).hasStatusOk().bodyJson().extractingPath("$.timeZone").isEqualTo("Asia/Shanghai");
    assertThat(result).bodyJson().extractingPath("$.days.length()").isEqualTo(2);
    String body = ShopApi.body(result, HttpStatus.OK);
    Map<String, Object> day1 = JsonPath.read(body, "$.days[0]");
    assertThat(day1)
        .containsEntry("date", days.day1().toString())
        .containsEntry("placed", 3)
        .containsEntry("paid", 2)
        .containsEntry("closedUnpaid", 1)
        .containsEntry("unpaid", 0)
        .containsEntry("openUnpaid", 0)
        .containsEntry("reminded", 2)
        .containsEntry("recovered", 1)
        .containsEntry("lossReasons", Map.of());
    assertThat((Double) day1.get("lossRatio")).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat((Double) day1.get("settledLossRatio")).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(day1.get("amounts"))
        .isEqualTo(List.of(Map.of("currency", "CNY", "placed", 60_000, "unpaid", 0, "paid", 30_000, "closed", 30_000, "recovered", 20_000)));
    assertThat(day1.get("channels"))
        .isEqualTo(
            List.of(
                Map.of("channel", "SMS", "reminded", 2, "recovered", 1, "recoveredAmount", List.of(Map.of("minor", 20_000, "currency", "CNY"))),
                Map.of("channel", "CHAT", "reminded", 0, "recovered", 0, "recoveredAmount", List.of()),
                Map.of("channel", "PHONE", "reminded", 0, "recovered", 0, "recoveredAmount", List.of())));
    assertThat(day1.get("customerService"))
        .isEqualTo(
            Map.of(
                "talked", Map.of("placed", 1, "closedUnpaid", 1, "lossRatio", 1.0),
                "selfService", Map.of("placed", 2, "closedUnpaid", 0, "lossRatio", 0.0)));
    Map<String, Object> day2 = JsonPath.read(body, "$.days[1]");
    assertThat(day2)
        .containsEntry("date", days.day2().toString())
        .containsEntry("placed", 2)
        .containsEntry("paid", 0)
        .containsEntry("closedUnpaid", 1)
        .containsEntry("unpaid", 1)
        // b1 is still inside its payment window: not a loss, so of the settled b2 alone, closed
        .containsEntry("openUnpaid", 1)
        .containsEntry("lossRatio", 0.5)
        .containsEntry("settledLossRatio", 1.0)
        .containsEntry("reminded", 2)
        .containsEntry("recovered", 0)
        .containsEntry("lossReasons", Map.of("CHEAPER_ELSEWHERE", 1));
    assertThat(day2.get("amounts"))
        .isEqualTo(List.of(Map.of("currency", "CNY", "placed", 100_000, "unpaid", 40_000, "paid", 0, "closed", 60_000, "recovered", 0)));
    assertThat(day2.get("channels"))
        .isEqualTo(
            List.of(
                Map.of("channel", "SMS", "reminded", 2, "recovered", 0, "recoveredAmount", List.of()),
                Map.of("channel", "CHAT", "reminded", 0, "recovered", 0, "recoveredAmount", List.of()),
                Map.of("channel", "PHONE", "reminded", 1, "recovered", 0, "recoveredAmount", List.of())));

    // the default range ends on the shop's today (day 2) and shows a week
    MvcTestResult week = api.get("/api/v1/metrics/daily");
    assertThat(week).bodyJson().extractingPath("$.to").isEqualTo(days.day2().toString());
    assertThat(week).bodyJson().extractingPath("$.from").isEqualTo(days.day2().minusDays(6).toString());
    assertThat(week).bodyJson().extractingPath("$.days.length()").isEqualTo(7);

    // the other shop sees its own order only
    MvcTestResult theirs = new ShopApi(mvc, other).get("/api/v1/metrics/daily?from=" + days.day1() + "&to=" + days.day2());
    assertThat(theirs).bodyJson().extractingPath("$.days[0].placed").isEqualTo(0);
    assertThat(theirs).bodyJson().extractingPath("$.days[1].placed").isEqualTo(1);
    assertThat(theirs).bodyJson().extractingPath("$.days[1].customerService.talked.placed").isEqualTo(1);

    // the dashboard's data: a SHOP_ADMIN sees its own shop's figures; an AGENT gets 403
    String admin = createAgent(mvc, shopId, "SHOP_ADMIN");
    MvcTestResult overview =
        mvc.get().uri("/dashboard/api/overview?from=" + days.day1() + "&to=" + days.day2()).header(HttpHeaders.AUTHORIZATION, basic(admin)).exchange();
    assertThat(overview).hasStatusOk().bodyJson().extractingPath("$.shopId").isEqualTo(shopId);
    assertThat(overview).bodyJson().extractingPath("$.metrics.days[1].lossReasons.CHEAPER_ELSEWHERE").isEqualTo(1);
    assertThat(overview).bodyJson().extractingPath("$.experiments").isEqualTo(List.of());
    String agent = createAgent(mvc, shopId, "AGENT");
    assertThat(mvc.get().uri("/dashboard/api/overview").header(HttpHeaders.AUTHORIZATION, basic(agent)).exchange())
        .hasStatus(HttpStatus.FORBIDDEN)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(mvc.get().uri("/dashboard/api/overview").exchange()).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(mvc.get().uri("/dashboard/").exchange()).as("the page itself is public").hasStatusOk();

    // today's figures as per-shop gauges (day 2 is the shop's today)
    gauges.refresh();
    String prometheus = prometheus();
    assertThat(prometheus)
        .contains("cuifu_shop_metrics_shops{application=\"reminder-service\"}")
        .contains("cuifu_shop_orders_today{application=\"reminder-service\",shop=\"" + shopId + "\",status=\"placed\"} 2.0")
        .contains("cuifu_shop_orders_today{application=\"reminder-service\",shop=\"" + shopId + "\",status=\"closed_unpaid\"} 1.0")
        .contains("cuifu_shop_loss_ratio_today{application=\"reminder-service\",shop=\"" + shopId + "\"} 0.5")
        .contains("cuifu_shop_orders_reminded_today{application=\"reminder-service\",channel=\"PHONE\",shop=\"" + shopId + "\"} 1.0")
        .contains("cuifu_shop_orders_recovered_today{application=\"reminder-service\",channel=\"SMS\",shop=\"" + shopId + "\"} 0.0")
        .contains("cuifu_shop_amount_today{application=\"reminder-service\",currency=\"CNY\",shop=\"" + shopId + "\",status=\"unpaid\"} 40000.0")
        .contains("cuifu_shop_loss_reasons_today{application=\"reminder-service\",reason=\"CHEAPER_ELSEWHERE\",shop=\"" + shopId + "\"} 1.0");
  }

  @Test
  @DisplayName("rule: a scrape never waits for the gauges' queries: it answers at once with the figures at hand, and the refresh lands after")
  void aScrapeDoesNotWaitForTheGaugesQueries() throws Exception {
    shopId = newShop();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ShopMetricsGauges due = new ShopMetricsGauges(metrics, new ShopMetricsProperties(92, 7, Duration.ZERO), registry);
    try (Connection blocker = dataSource.getConnection()) {
      // a day's orders that take long to count: here a lock no query of the day gets past
      blocker.setAutoCommit(false);
      blocker.createStatement().execute("lock table buyer_order in access exclusive mode");
      long start = System.nanoTime();
      double shops = registry.get("cuifu.shop.metrics.shops").gauge().value();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the scrape's wait").isLessThan(Duration.ofSeconds(2));
      assertThat(shops).as("nothing computed yet").isZero();
      blocker.rollback();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> registry.get("cuifu.shop.metrics.shops").gauge().value() > 0);
    assertThat(registry.find("cuifu.shop.orders.today").tag("shop", shopId).tag("status", "placed").gauge()).isNotNull();
    due.destroy();
  }

  @Test
  @DisplayName("rule: bad from/to → 400 problem+json naming each parameter; no key → 401")
  void badParameters() {
    shopId = newShop();
    ShopApi api = new ShopApi(mvc, shopId);
    assertThat(api.get("/api/v1/metrics/daily?from=2026-13-01&to=yesterday"))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .isEqualTo(List.of("to", "from"));
    assertThat(api.get("/api/v1/metrics/daily?from=2026-11-12&to=2026-11-11"))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("from");
    assertThat(api.get("/api/v1/metrics/daily?from=2026-01-01&to=2026-11-11"))
        .as("more than 92 days")
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("to");
    assertThat(mvc.get().uri("/api/v1/metrics/daily").exchange()).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(mvc.get().uri("/api/v1/metrics/daily").header("X-Api-Key", apiKey(shopId) + "x").exchange())
        .hasStatus(HttpStatus.UNAUTHORIZED);
  }

  private String prometheus() {
    MvcTestResult scrape = mvc.get()
            .uri("/actuator/prometheus")
            .header("Authorization", "Bearer " + dev.cuifu.reminder.ReminderTestSupport.MANAGEMENT_TOKEN)
            .exchange();
    assertThat(scrape).hasStatusOk();
    return new String(scrape.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
  }
}
