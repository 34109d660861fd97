package dev.cuifu.reminder.dashboard;

import static dev.cuifu.reminder.security.AgentTestSupport.PASSWORD;
import static dev.cuifu.reminder.security.AgentTestSupport.createAgent;
import static dev.cuifu.reminder.security.AgentTestSupport.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.cuifu.reminder.HeadlessChromium;
import dev.cuifu.reminder.ShopApi;
import dev.cuifu.reminder.shopmetrics.ShopMetricsTestBase;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The shop dashboard in headless Chromium (see {@link HeadlessChromium} for when it is skipped): an
 * AGENT is turned away, a SHOP_ADMIN sees the two days of {@link ShopMetricsTestBase}'s scenario —
 * totals, the loss ratio per day with still-open orders apart, the range's amounts, loss reasons,
 * channels, customer service — and the experiment its SMS went through; every chart's data, read
 * back from ECharts, is what {@code /dashboard/api/overview} answers, for each range preset, and
 * times are the shop's zone's. Leaves {@code target/screenshots/dashboard*.png}.
 */
class DashboardBrowserIntegrationTests extends ShopMetricsTestBase {

  @RegisterExtension static final HeadlessChromium CHROMIUM = new HeadlessChromium();

  /** An experiment name with markup in it: the page must show it as typed. */
  private static final String NAME = "gentle <b>vs</b> direct <img src=x onerror=window.pwned=1>";

  private static final String GENTLE = "【{shopName}】您好，订单{orderId}还未付款，遇到问题可直接回复。回TD退订";
  private static final String DIRECT = "【{shopName}】订单{orderId}待付款，请尽快完成支付。回TD退订";

  @Test
  @DisplayName("rule: a shop admin sees recovery per variant with its interval, the daily loss ratio, the day's amounts and the loss reasons; an agent is refused")
  void aShopAdminSeesTheDashboard() throws IOException {
    WebDriver browser = CHROMIUM.browser();
    shopId = newShop();
    ShopApi api = new ShopApi(mvc, shopId);
    long experiment = twoArms(api, "\"name\":\"" + NAME + "\",\"holdoutShare\":0,\"minSamplePerArm\":1,\"seed\":7", "gentle", GENTLE, "direct", DIRECT);
    TwoDays days = twoDays(shopId);
    String stats = ShopApi.body(api.get("/api/v1/experiments/" + experiment + "/stats"), HttpStatus.OK);
    String admin = createAgent(mvc, shopId, "SHOP_ADMIN");
    String agent = createAgent(mvc, shopId, "AGENT");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

    openSignedOut();
    signIn(wait, agent);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "SHOP_ADMIN"));
    assertThat(browser.findElement(By.id("dashboard-section")).isDisplayed()).as("an agent sees no figures").isFalse();

    browser.findElement(By.id("username")).clear();
    browser.findElement(By.id("password")).clear();
    signIn(wait, admin);
    wait.until(ExpectedConditions.textToBe(By.id("total-placed"), "5"));
    assertThat(browser.findElement(By.id("preset-7")).getAttribute("aria-pressed")).as("the default range is 7 days").isEqualTo("true");
    assertThat(browser.findElement(By.id("whoami")).getText()).contains(admin).contains(shopId);
    assertThat(text("total-paid")).isEqualTo("2");
    assertThat(text("total-closed")).isEqualTo("2");
    // b1 is unpaid but inside its payment window: apart, and not in the loss ratio (2 closed of 4 settled)
    assertThat(text("total-open")).isEqualTo("1");
    assertThat(text("total-loss-ratio")).isEqualTo("50.0%");
    assertThat(text("total-loss-ratio-placed")).endsWith("of all placed: 40.0%");
    assertThat(text("total-reminded")).isEqualTo("4");
    assertThat(text("total-recovered")).isEqualTo("1");
    assertThat(text("total-recovered-amount")).isEqualTo("200.00 CNY");
    assertThat(text("day-" + days.day1())).isEqualTo(days.day1() + " 3 2 1 0 0 33.3% 2 1");
    assertThat(text("day-" + days.day2())).isEqualTo(days.day2() + " 2 0 1 1 1 100.0% 2 0");
    String overview = overview(admin, null, null);
    assertChartsShow(overview);
    // the loss chart's figures, read back from ECharts
    int d2 = ((List<?>) JsonPath.read(overview, "$.metrics.days")).size() - 1;
    assertThat(number(series("loss-chart", "closedUnpaid").get(d2))).isEqualTo(1.0);
    assertThat(number(series("loss-chart", "openUnpaid").get(d2))).isEqualTo(1.0);
    assertThat(number(series("loss-chart", "settledLossRatio").get(d2))).isEqualTo(1.0);
    // the range's amounts: 400.00 unpaid, 300.00 paid, 900.00 closed, 200.00 of it recovered
    assertThat(text("amount-CNY")).isEqualTo("CNY 400.00 CNY 300.00 CNY 900.00 CNY 200.00 CNY");
    assertThat(numbers(series("amount-chart", "unpaid"))).containsExactly(400.0);
    assertThat(text("reason-CHEAPER_ELSEWHERE")).isEqualTo("别家更便宜 Cheaper elsewhere 1");
    assertThat(numbers(series("reasons-chart", "reasons"))).containsExactly(1.0);
    assertThat(text("channel-SMS")).isEqualTo("SMS 4 1 200.00 CNY");
    assertThat(text("channel-PHONE")).isEqualTo("PHONE 1 0");
    assertThat(text("service-talked")).endsWith("1 1 100.0%");
    assertThat(text("service-selfService")).endsWith("4 1 25.0%");
    // the name the shop typed is text, never markup
    assertThat(text("name-" + experiment)).startsWith(NAME);
    assertThat(browser.findElements(By.cssSelector("#experiment-" + experiment + " img, #experiment-" + experiment + " b"))).isEmpty();
    assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined")).isEqualTo(true);
    assertThat(text("experiment-" + experiment)).contains("No holdout orders yet");
    // each variant's counts and recovery rate with its labelled interval, as the statistics API computes them
    assertArmsTable(experiment, stats);
    assertThat(text("winner-" + experiment)).contains("No winner yet");
    CHROMIUM.fullPageScreenshot("dashboard.png");
  }

  @Test
  @DisplayName("rule: each chart draws the API's figures (recovery and lift per arm with intervals, loss with still-open orders apart, amounts); a range preset changes them; times and days are the shop's zone's")
  void theChartsDrawTheApisFiguresPerRangeInTheShopsZone() throws IOException {
    WebDriver browser = CHROMIUM.browser();
    shopId = newShop();
    ShopApi api = new ShopApi(mvc, shopId);
    long experiment = twoArms(api, "\"name\":\"timing\",\"holdoutShare\":0.5,\"minSamplePerArm\":1,\"seed\":11", "gentle", GENTLE, "direct", DIRECT);
    // day A (10:00 in Shanghai): orders until both the arms and the holdout have some; every other one paid after the SMS, the rest closed
    Instant dayA = CLOCK.instant();
    List<String> orders = new ArrayList<>();
    while ((orders.size() < 4 || held(experiment) < 2 || armsUsed(experiment) < 2) && orders.size() < 20) {
      orders.add(placedAndPlanned(experiment));
    }
    assertThat(held(experiment)).as("the holdout got orders").isPositive();
    assertThat(armsUsed(experiment)).as("both arms got orders").isEqualTo(2);
    sentAndHalfPaid(dayA, orders);
    // day B: three more
    Instant dayB = dayA.plus(Duration.ofDays(1));
    CLOCK.set(dayB);
    List<String> more = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      more.add(placedAndPlanned(experiment));
    }
    sentAndHalfPaid(dayB, more);
    // 23:50 UTC on day B is 07:50 on day C in Shanghai: one order, counted on the shop's day C
    LocalDate localB = LocalDate.ofInstant(dayB, SHANGHAI);
    CLOCK.set(localB.atTime(23, 50).atZone(ZoneOffset.UTC).toInstant());
    place(shopId, 5_000, false);
    LocalDate dayC = localB.plusDays(1);
    String admin = createAgent(mvc, shopId, "SHOP_ADMIN");
    await().atMost(Duration.ofSeconds(30)).until(() -> JsonPath.<Integer>read(overview(admin, dayC, dayC), "$.metrics.days[0].placed") == 1);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

    openSignedOut();
    signIn(wait, admin);
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-from", dayC.minusDays(6).toString()));
    String week = overview(admin, null, null);
    assertThat(JsonPath.<String>read(week, "$.today")).isEqualTo(dayC.toString());
    assertChartsShow(week);
    assertThat(browser.findElement(By.id("preset-7")).getAttribute("aria-pressed")).isEqualTo("true");
    // times in the shop's zone (the browser's is UTC here): now, and when the experiment started
    assertThat(text("updated")).isEqualTo("更新于 Updated " + dayC + " 07:50 (Asia/Shanghai)");
    assertThat(text("started-" + experiment)).isEqualTo("开始于 Started " + LocalDate.ofInstant(dayA, SHANGHAI) + " 10:00 (Asia/Shanghai)");
    // the series end where the statistics API stands now
    String stats = ShopApi.body(api.get("/api/v1/experiments/" + experiment + "/stats"), HttpStatus.OK);
    for (Map<String, Object> arm : JsonPath.<List<Map<String, Object>>>read(stats, "$.arms")) {
      String id = (String) arm.get("id");
      assertThat(number(arm.get("sent"))).as(id + " sent").isPositive();
      List<Object> rates = series("recovery-" + experiment, id + ":value");
      assertThat(number(rates.get(rates.size() - 1))).as(id + " rate").isEqualTo(number(arm.get("rate")));
      List<Object> bounds = series("recovery-" + experiment, id + ":interval");
      assertThat(numbers((List<?>) bounds.get(bounds.size() - 1)).subList(1, 3))
          .as(id + " interval")
          .containsExactly(number(JsonPath.read(arm, "$.rateInterval.lower")), number(JsonPath.read(arm, "$.rateInterval.upper")));
      if (arm.get("lift") != null) {
        List<Object> lifts = series("lift-" + experiment, id + ":value");
        assertThat(number(lifts.get(lifts.size() - 1))).as(id + " lift").isEqualTo(number(arm.get("lift")));
        List<Object> liftBounds = series("lift-" + experiment, id + ":interval");
        assertThat(numbers((List<?>) liftBounds.get(liftBounds.size() - 1)).subList(1, 3))
            .as(id + " lift interval")
            .containsExactly(number(JsonPath.read(arm, "$.liftInterval.lower")), number(JsonPath.read(arm, "$.liftInterval.upper")));
      }
    }
    CHROMIUM.fullPageScreenshot("dashboard-7days.png");

    browser.findElement(By.id("preset-today")).click();
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-from", dayC.toString()));
    assertThat(axis("loss-chart")).containsExactly(dayC.toString());
    assertChartsShow(overview(admin, dayC, dayC));
    assertThat(text("total-placed")).isEqualTo("1");
    assertThat(text("total-open")).isEqualTo("1");
    assertThat(text("total-loss-ratio")).as("nothing settled yet: no loss ratio").isEqualTo("—");
    CHROMIUM.fullPageScreenshot("dashboard-today.png");
    // refresh reads again, keeping the range
    place(shopId, 7_000, false);
    await().atMost(Duration.ofSeconds(30)).until(() -> JsonPath.<Integer>read(overview(admin, dayC, dayC), "$.metrics.days[0].placed") == 2);
    browser.findElement(By.id("refresh")).click();
    wait.until(ExpectedConditions.textToBe(By.id("total-placed"), "2"));
    assertThat(browser.findElement(By.tagName("body")).getAttribute("data-from")).isEqualTo(dayC.toString());
    assertChartsShow(overview(admin, dayC, dayC));

    browser.findElement(By.id("preset-30")).click();
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-from", dayC.minusDays(29).toString()));
    assertThat(axis("loss-chart")).hasSize(30);
    assertChartsShow(overview(admin, dayC.minusDays(29), dayC));
    CHROMIUM.fullPageScreenshot("dashboard-30days.png");
  }

  @Test
  @DisplayName("rule: a decided experiment shows its stored winner with the evidence (counts, lead and lift with always-valid intervals),"
      + " that it was auto-applied (winner pinned), its history, and per arm and holdout assigned, excluded, reached, pending and settled, as the API")
  void aDecidedExperimentShowsItsDecisionAndHistory() throws IOException {
    WebDriver browser = CHROMIUM.browser();
    shopId = newShop();
    ShopApi api = new ShopApi(mvc, shopId);
    long experiment =
        twoArms(api, "\"name\":\"decided\",\"holdoutShare\":0.2,\"minSamplePerArm\":15,\"seed\":43,\"autoApply\":true", "a", GENTLE, "b", DIRECT);
    // every arm-a order paid after its SMS, none of arm b's or the holdout's: enough for the rule at this minimum
    Instant morning = CLOCK.instant();
    List<String> orders = new ArrayList<>();
    while ((armOrders(experiment, "a") < 16 || armOrders(experiment, "b") < 16 || held(experiment) < 2) && orders.size() < 120) {
      orders.add(placedAndPlanned(experiment));
    }
    CLOCK.set(morning.plus(Duration.ofMinutes(31)));
    for (String order : orders) {
      String arm = arm(order);
      if (arm != null) {
        awaitTouch(shopId, order, "SMS", "SENT");
      }
    }
    CLOCK.set(morning.plus(Duration.ofMinutes(60)));
    for (String order : orders) {
      if ("a".equals(arm(order))) {
        pay(shopId, order, 10_000);
        awaitStatus(shopId, order, "PAID");
      } else {
        close(shopId, order);
        awaitStatus(shopId, order, "CLOSED");
      }
    }
    // one more, due and unpaid: pending in its arm (or the holdout)
    String open = placedAndPlanned(experiment);
    CLOCK.set(morning.plus(Duration.ofMinutes(92)));
    if (arm(open) != null) {
      awaitTouch(shopId, open, "SMS", "SENT");
    }
    String stats = ShopApi.body(api.get("/api/v1/experiments/" + experiment + "/stats"), HttpStatus.OK);
    assertThat(JsonPath.<String>read(stats, "$.decision.winner")).as("the rule fired").isEqualTo("a");
    assertThat(JsonPath.<Boolean>read(stats, "$.decision.applied")).isTrue();
    String history = ShopApi.body(api.get("/api/v1/experiments/" + experiment + "/history"), HttpStatus.OK);
    String admin = createAgent(mvc, shopId, "SHOP_ADMIN");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

    openSignedOut();
    signIn(wait, admin);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("decision-" + experiment)));
    assertThat(text("winner-" + experiment))
        .isEqualTo("胜出 Winner: a · 记录于 recorded " + shopTime(JsonPath.read(stats, "$.decision.decidedAt"))
            + " · 已自动应用 auto-applied: pinned, holdout lowered");
    assertThat(text("settings-" + experiment)).contains("auto-apply on (then holdout 5.0%)").contains("holdout 5.0%");
    String evidence = text("decision-" + experiment);
    Map<String, Object> lead = JsonPath.read(stats, "$.decision.evidence.leadInterval");
    Map<String, Object> liftInterval = JsonPath.read(stats, "$.decision.evidence.liftInterval");
    assertThat((String) lead.get("kind")).startsWith("always-valid");
    assertThat(evidence)
        .contains("lead [" + percent(lead.get("lower")) + "–" + percent(lead.get("upper")) + "] (" + lead.get("kind") + ")")
        .contains("lift " + percent(JsonPath.read(stats, "$.decision.evidence.lift")) + " [" + percent(liftInterval.get("lower")) + "–"
            + percent(liftInterval.get("upper")) + "] (" + liftInterval.get("kind") + ")");
    for (Map<String, Object> count : JsonPath.<List<Map<String, Object>>>read(stats, "$.decision.evidence.counts")) {
      for (String field : List.of("settled", "recovered", "pending")) {
        assertThat(cell("decision-counts-" + experiment, (String) count.get("id"), field))
            .as("evidence " + count.get("id") + " " + field).isEqualTo(String.valueOf(count.get(field)));
      }
    }
    assertArmsTable(experiment, stats);
    assertThat(cell("arms-" + experiment, "a", "state")).isEqualTo("已固定 pinned");
    long pending =
        JsonPath.<List<Number>>read(stats, "$.arms[*].pending").stream().mapToLong(Number::longValue).sum()
            + ((Number) JsonPath.read(stats, "$.holdout.pending")).longValue();
    assertThat(pending).as("the last order is pending").isEqualTo(1);
    // the history, in order, as GET .../history lists it
    List<String> changes = JsonPath.read(history, "$[*].change");
    assertThat(changes).containsExactly("CREATED", "WINNER_RECORDED", "AUTO_APPLIED");
    List<org.openqa.selenium.WebElement> items = browser.findElements(By.cssSelector("#history-" + experiment + " li"));
    assertThat(items.stream().map(li -> li.getAttribute("data-change")).toList()).isEqualTo(changes);
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> entry = JsonPath.read(history, "$[" + i + "]");
      assertThat(items.get(i).getText())
          .startsWith(shopTime((String) entry.get("at")))
          .contains(entry.get("actor").equals("RULE") ? "规则 rule" : "店铺 shop (API)")
          .endsWith((String) entry.get("detail"));
    }
    CHROMIUM.fullPageScreenshot("dashboard-decided.png");
  }

  /** Each arm's and the holdout's row: intent-to-treat counts and the rate with its labelled interval, as the API. */
  private static void assertArmsTable(long experiment, String stats) {
    String table = "arms-" + experiment;
    for (Map<String, Object> arm : JsonPath.<List<Map<String, Object>>>read(stats, "$.arms")) {
      String id = (String) arm.get("id");
      for (String field : List.of("assigned", "excluded", "reached", "pending", "recovered")) {
        assertThat(cell(table, id, field)).as(id + " " + field).isEqualTo(String.valueOf(arm.get(field)));
      }
      assertThat(cell(table, id, "settled")).as(id + " settled").isEqualTo(String.valueOf(arm.get("sent")));
      Map<String, Object> interval = JsonPath.read(arm, "$.rateInterval");
      assertThat(cell(table, id, "rate"))
          .isEqualTo(percent(arm.get("rate")) + " [" + percent(interval.get("lower")) + "–" + percent(interval.get("upper")) + "] ("
              + interval.get("kind") + ")");
      assertThat((String) interval.get("kind")).startsWith("fixed-sample");
    }
    Map<String, Object> holdout = JsonPath.read(stats, "$.holdout");
    for (String field : List.of("assigned", "excluded", "pending", "recovered")) {
      assertThat(cell(table, "holdout", field)).as("holdout " + field).isEqualTo(String.valueOf(holdout.get(field)));
    }
    assertThat(cell(table, "holdout", "settled")).isEqualTo(String.valueOf(holdout.get("orders")));
  }

  private static String cell(String table, String row, String field) {
    return CHROMIUM.browser()
        .findElement(By.cssSelector("#" + table + " tr[data-row='" + row + "'] td[data-field='" + field + "']"))
        .getText()
        .replaceAll("\\s+", " ")
        .strip();
  }

  /** An instant as the page shows it: "2026-12-08 07:50 (Asia/Shanghai)". */
  private static String shopTime(String instant) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(Instant.parse(instant).atZone(SHANGHAI)) + " (Asia/Shanghai)";
  }

  /** The order's arm, or null when it was held out. */
  private String arm(String order) {
    return jdbc.sql("select experiment_arm from touch where shop_id = ? and order_id = ? and channel = 'SMS'")
        .params(shopId, order).query(String.class).optional().orElse(null);
  }

  private long armOrders(long experiment, String arm) {
    return jdbc.sql("select count(*) from touch where experiment_id = ? and experiment_arm = ?").params(experiment, arm).query(Long.class).single();
  }

  /** Places an order now and waits until planning either gave it an arm's SMS or held it out. */
  private String placedAndPlanned(long experiment) {
    String order = place(shopId, 10_000, false);
    await().atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.sql(
                        "select (select count(*) from touch where shop_id = :shop and order_id = :order and channel = 'SMS')"
                            + " + (select count(*) from experiment_holdout where experiment_id = :id and order_id = :order)")
                    .param("shop", shopId)
                    .param("order", order)
                    .param("id", experiment)
                    .query(Long.class)
                    .single()
                > 0);
    return order;
  }

  private long armsUsed(long experiment) {
    return jdbc.sql("select count(distinct experiment_arm) from touch where experiment_id = ?").param(experiment).query(Long.class).single();
  }

  private long held(long experiment) {
    return jdbc.sql("select count(*) from experiment_holdout where experiment_id = ?").param(experiment).query(Long.class).single();
  }

  /** The SMS go out (held-out orders get none); an hour later every other order is paid. */
  private void sentAndHalfPaid(Instant morning, List<String> orders) {
    CLOCK.set(morning.plus(Duration.ofMinutes(31)));
    for (String order : orders) {
      if (jdbc.sql("select count(*) from touch where shop_id = ? and order_id = ? and channel = 'SMS'").params(shopId, order).query(Long.class).single() > 0) {
        awaitTouch(shopId, order, "SMS", "SENT");
      }
    }
    CLOCK.set(morning.plus(Duration.ofMinutes(60)));
    for (int i = 0; i < orders.size(); i += 2) {
      pay(shopId, orders.get(i), 10_000);
      awaitStatus(shopId, orders.get(i), "PAID");
    }
    // the others are closed: settled, so every arm's rate has its orders (an open one is pending, in no rate)
    for (int i = 1; i < orders.size(); i += 2) {
      close(shopId, orders.get(i));
      awaitStatus(shopId, orders.get(i), "CLOSED");
    }
  }

  /** The dashboard's API as the page calls it. */
  private String overview(String admin, LocalDate from, LocalDate to) {
    String query = from == null ? "" : "?from=" + from + "&to=" + to;
    return ShopApi.body(
        mvc.get().uri("/dashboard/api/overview" + query).header(HttpHeaders.AUTHORIZATION, basic(admin)).exchange(), HttpStatus.OK);
  }

  /** Every chart's data, read back from ECharts, is the API's. */
  private static void assertChartsShow(String overview) {
    List<Map<String, Object>> days = JsonPath.read(overview, "$.metrics.days");
    assertThat(axis("loss-chart")).as("loss chart days").isEqualTo(days.stream().map(d -> d.get("date")).toList());
    assertThat(numbers(series("loss-chart", "closedUnpaid"))).isEqualTo(column(days, d -> number(d.get("closedUnpaid"))));
    assertThat(numbers(series("loss-chart", "openUnpaid"))).isEqualTo(column(days, d -> number(d.get("openUnpaid"))));
    assertThat(numbers(series("loss-chart", "overdueUnpaid")))
        .isEqualTo(column(days, d -> number(d.get("unpaid")) - number(d.get("openUnpaid"))));
    assertThat(numbers(series("loss-chart", "paid"))).isEqualTo(column(days, d -> number(d.get("paid"))));
    assertThat(numbers(series("loss-chart", "settledLossRatio"))).isEqualTo(column(days, d -> number(d.get("settledLossRatio"))));
    for (String part : List.of("unpaid", "paid", "closed")) {
      double total =
          days.stream()
              .flatMap(d -> JsonPath.<List<Number>>read(d, "$.amounts[?(@.currency == 'CNY')]." + part).stream())
              .mapToDouble(Number::doubleValue)
              .sum();
      List<Object> drawn = series("amount-chart", part);
      assertThat(drawn.isEmpty() ? 0.0 : number(drawn.get(0))).as("amount " + part).isCloseTo(total / 100, within(1e-9));
    }
    List<Map<String, Object>> experiments = JsonPath.read(overview, "$.experimentSeries");
    for (Map<String, Object> e : experiments) {
      Object id = e.get("experimentId");
      List<Map<String, Object>> lines = new ArrayList<>(JsonPath.<List<Map<String, Object>>>read(e, "$.arms"));
      // from the day the experiment started, whatever the range, to the range's last day
      List<Object> dates = JsonPath.read(e, "$.holdout.points[*].date");
      assertThat(dates.get(0)).as("the series starts at the experiment's start")
          .isEqualTo(LocalDate.ofInstant(Instant.parse(JsonPath.read(e, "$.startedAt")), SHANGHAI).toString());
      assertThat(dates.get(dates.size() - 1)).isEqualTo(days.get(days.size() - 1).get("date"));
      assertThat(axis("recovery-" + id)).isEqualTo(dates);
      assertThat(axis("lift-" + id)).isEqualTo(dates);
      for (Map<String, Object> line : lines) {
        String arm = (String) line.get("id");
        List<Map<String, Object>> points = JsonPath.read(line, "$.points");
        assertLine("recovery-" + id, arm, points, "rate", "rateInterval");
        assertLine("lift-" + id, arm, points, "lift", "liftInterval");
      }
      List<Map<String, Object>> holdout = JsonPath.read(e, "$.holdout.points");
      if (holdout.stream().anyMatch(p -> number(p.get("sent")) > 0)) {
        assertLine("recovery-" + id, "holdout", holdout, "rate", "rateInterval");
      }
    }
  }

  private static void assertLine(String chart, String line, List<Map<String, Object>> points, String value, String interval) {
    assertThat(numbers(series(chart, line + ":value"))).as(chart + " " + line).isEqualTo(column(points, p -> number(p.get(value))));
    List<Object> bounds = series(chart, line + ":interval");
    for (int i = 0; i < points.size(); i++) {
      @SuppressWarnings("unchecked")
      Map<String, Object> expected = (Map<String, Object>) points.get(i).get(interval);
      List<Double> drawn = numbers((List<?>) bounds.get(i));
      assertThat(drawn.subList(1, 3))
          .as(chart + " " + line + " interval on day " + i)
          .isEqualTo(expected == null ? Arrays.asList(null, null) : List.of(number(expected.get("lower")), number(expected.get("upper"))));
    }
  }

  private static <T> List<Double> column(List<T> rows, java.util.function.Function<T, Double> f) {
    return rows.stream().map(f).toList();
  }

  /** A chart series' data as ECharts holds it (by series id). */
  @SuppressWarnings("unchecked")
  private static List<Object> series(String chart, String id) {
    Object data =
        ((JavascriptExecutor) CHROMIUM.browser())
            .executeScript(
                "const s = echarts.getInstanceByDom(document.getElementById(arguments[0])).getOption().series.find(x => x.id === arguments[1]);"
                    + " return s ? s.data : null;",
                chart, id);
    assertThat(data).as("series " + id + " of " + chart).isNotNull();
    return (List<Object>) data;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> axis(String chart) {
    return (List<Object>)
        ((JavascriptExecutor) CHROMIUM.browser())
            .executeScript("return echarts.getInstanceByDom(document.getElementById(arguments[0])).getOption().xAxis[0].data;", chart);
  }

  private static Double number(Object value) {
    return value == null ? null : ((Number) value).doubleValue();
  }

  private static List<Double> numbers(List<?> values) {
    return values.stream().map(DashboardBrowserIntegrationTests::number).collect(java.util.stream.Collectors.toList());
  }

  /** The page without the credentials an earlier test of the class left in the tab's session. */
  private static void openSignedOut() {
    CHROMIUM.browser().get("http://localhost:" + PORT + "/dashboard/");
    ((JavascriptExecutor) CHROMIUM.browser()).executeScript("sessionStorage.clear()");
    CHROMIUM.browser().navigate().refresh();
  }

  private static void signIn(WebDriverWait wait, String username) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
    CHROMIUM.browser().findElement(By.id("password")).sendKeys(PASSWORD);
    CHROMIUM.browser().findElement(By.id("login")).click();
  }

  private static String percent(Object ratio) {
    return String.format(java.util.Locale.ROOT, "%.1f%%", 100 * ((Number) ratio).doubleValue());
  }

  private static String text(String id) {
    return CHROMIUM.browser().findElement(By.id(id)).getText().replaceAll("\\s+", " ").strip();
  }

  /**
   * Creates an SMS script per arm (named as the arm) and an experiment of {@code settings} (its
   * JSON fields but tier and arms) with the two arms; its id.
   */
  private static long twoArms(ShopApi api, String settings, String armA, String textA, String armB, String textB) {
    long scriptA = script(api, armA, textA);
    long scriptB = script(api, armB, textB);
    String created =
        ShopApi.body(
            api.post(
                "/api/v1/experiments",
                "{" + settings + ",\"tier\":1,\"arms\":[{\"id\":\"" + armA + "\",\"scriptId\":" + scriptA + "},{\"id\":\"" + armB
                    + "\",\"scriptId\":" + scriptB + "}]}"),
            HttpStatus.CREATED);
    return ((Number) JsonPath.read(created, "$.id")).longValue();
  }

  private static long script(ShopApi api, String name, String text) {
    String created =
        ShopApi.body(
            api.post("/api/v1/scripts", "{\"name\":\"" + name + "\",\"channel\":\"sms\",\"locale\":\"zh-CN\",\"text\":\"" + text + "\"}"),
            HttpStatus.CREATED);
    return ((Number) JsonPath.read(created, "$.id")).longValue();
  }
}
