package dev.cuifu.reminder.backtest;

import static dev.cuifu.reminder.security.AgentTestSupport.PASSWORD;
import static dev.cuifu.reminder.security.AgentTestSupport.basic;
import static dev.cuifu.reminder.security.AgentTestSupport.createAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.cuifu.reminder.HeadlessChromium;
import dev.cuifu.reminder.ShopApi;
import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.shopmetrics.ShopMetricsTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The dashboard's Backtest section in headless Chromium (skipped without it, see {@link
 * HeadlessChromium}): a shop admin uploads a Tmall export through the page, which posts it to
 * {@code /dashboard/api/backtests}; the table and the sends-per-hour chart show, for A and B side by
 * side, what that request answers, the hours add up to the messages, and quiet hours hold the night's
 * sends until they end. Errors (a bad policy, too many backtests at once) read as sentences, and the
 * stored orders of the days picked (in the shop's zone) are replayed instead of a file. Leaves {@code
 * target/screenshots/dashboard-backtest.png}.
 */
class DashboardBacktestBrowserIntegrationTests extends ShopMetricsTestBase {

  @RegisterExtension static final HeadlessChromium CHROMIUM = new HeadlessChromium();

  /**
   * Tmall export lines (Shanghai time); with quiet hours 21:00-08:00 and the SMS 30 min after the
   * order: 12:30; none (paid at once); 22:30, 21:15 and 00:00, all held until 08:00; 10:30 (and a
   * phone task at 11:00, the order being over 500.00). The last line cannot be read.
   */
  private static final String EXPORT =
      """
      订单编号,总金额,买家实际支付金额,收货地址 ,订单创建时间,订单付款时间 ,退款金额
      1,178.8,0.0,上海,2020-02-21 12:00:00,,0.0
      2,21.0,21.0,上海,2020-02-21 12:05:00,2020-02-21 12:06:00,0.0
      3,59.0,0.0,上海,2020-02-21 22:00:00,,0.0
      4,88.0,0.0,上海,2020-02-21 20:45:00,,0.0
      5,99.0,99.0,上海,2020-02-21 23:30:00,2020-02-22 09:00:00,0.0
      6,800.0,0.0,上海,2020-02-22 10:00:00,,0.0
      7,abc,0.0,上海,2020-02-22 11:00:00,,0.0
      """;

  private static final List<Integer> QUIET = List.of(21, 22, 23, 0, 1, 2, 3, 4, 5, 6, 7);

  @Autowired BacktestRunner runner;

  @Test
  @DisplayName("rule: the dashboard's backtest shows A and B side by side as the API answers; the sends per hour add up to the messages and quiet hours move the night's sends to 08:00")
  void anAdminBacktestsAnUploadedExportThroughTwoPoliciesOnTheDashboard() throws IOException, InterruptedException {
    WebDriver browser = CHROMIUM.browser();
    shopId = newShop();
    String admin = createAgent(mvc, shopId, "SHOP_ADMIN");
    Path export = Files.createTempFile("tmall-export", ".csv");
    Files.writeString(export, EXPORT, StandardCharsets.UTF_8);
    String policyA = Files.readString(Path.of("..", "data", "policy-30m.json"));
    // B: the same but quiet only from 03:00 to 04:00
    String policyB = policyA.replace("{\"start\": \"21:00\", \"end\": \"08:00\"}", "{\"start\": \"03:00\", \"end\": \"04:00\"}");
    assertThat(policyB).isNotEqualTo(policyA);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

    signedIn(wait, admin);
    // policy A starts as the shop's current policy
    wait.until(d -> !value("bt-policy").isEmpty());
    String current = ShopApi.body(mvc.get().uri("/dashboard/api/policy").header(HttpHeaders.AUTHORIZATION, basic(admin)).exchange(), HttpStatus.OK);
    Object quiet = JsonPath.read(current, "$.policy.quietHours");
    assertThat(JsonPath.<Object>read(value("bt-policy"), "$.quietHours")).isEqualTo(quiet);
    assertThat(value("bt-against")).isEmpty();

    browser.findElement(By.id("bt-orders")).sendKeys(export.toAbsolutePath().toString());
    setValue("bt-policy", policyA);
    setValue("bt-against", policyB);
    click("bt-run");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("bt-summary"), "Replayed 6"));
    // what the page's request answers, the same request made here
    String answer =
        ShopApi.body(
            post(admin, "?profile=tmall&lift=0.05", json("policy", policyA), json("against", policyB),
                new MockMultipartFile("orders", "export.csv", "text/csv", EXPORT.getBytes(StandardCharsets.UTF_8))),
            HttpStatus.OK);
    assertThat(text("bt-summary")).contains("1 行无法读取已跳过 lines skipped: line 8: 总金额");
    for (int i = 0; i < 2; i++) {
      String name = i == 0 ? "A" : "B";
      String report = "$.policies[" + i + "].report";
      long sms = JsonPath.<Number>read(answer, report + ".smsMessages").longValue();
      long chat = JsonPath.<Number>read(answer, report + ".chatMessages").longValue();
      long phone = JsonPath.<Number>read(answer, report + ".phoneTasks").longValue();
      assertThat(cell("bt-table", "smsMessages", name)).isEqualTo(String.valueOf(sms));
      assertThat(cell("bt-table", "chatMessages", name)).isEqualTo(String.valueOf(chat));
      assertThat(cell("bt-table", "phoneTasks", name)).isEqualTo(String.valueOf(phone));
      assertThat(cell("bt-table", "tier1-reminded", name)).isEqualTo(String.valueOf(JsonPath.<Number>read(answer, report + ".tiers[0].reminded")));
      // the chart draws the answer's hours, and they add up to the messages the table shows
      for (String channel : List.of("sms", "chat", "phone")) {
        List<Long> hours = longs(JsonPath.read(answer, report + ".sendsByHour." + channel));
        assertThat(longs(series("bt-hours-chart", name + ":" + channel.toUpperCase()))).as(name + " " + channel).isEqualTo(hours);
        assertThat(hours.stream().mapToLong(Long::longValue).sum())
            .as(name + ": the hourly " + channel + " add up to the total")
            .isEqualTo(channel.equals("sms") ? sms : channel.equals("chat") ? chat : phone);
      }
    }
    assertThat(cell("bt-table", "smsMessages", "A")).isEqualTo("5");
    List<Long> smsA = longs(series("bt-hours-chart", "A:SMS"));
    List<Long> smsB = longs(series("bt-hours-chart", "B:SMS"));
    assertThat(QUIET.stream().mapToLong(smsA::get).sum()).as("A sends no SMS in its quiet hours").isZero();
    assertThat(smsA.get(8)).as("A's three night SMS go out when its quiet hours end").isEqualTo(3);
    assertThat(cell("bt-table", "tier1-deferredByQuietHours", "A")).isEqualTo("3");
    assertThat(List.of(smsB.get(21), smsB.get(22), smsB.get(0))).as("B, quiet only 03:00-04:00, sends them at night").containsExactly(1L, 1L, 1L);
    assertThat(cell("bt-table", "tier1-deferredByQuietHours", "B")).isEqualTo("0");
    assertThat(IntStream.of(12, 10).mapToLong(smsA::get).sum()).isEqualTo(2);
    assertThat(text("bt-hours-zone")).contains("Asia/Shanghai");
    assertThat(cell("bt-table", "busiestHour", "A")).startsWith("08:00–09:00");
    assertThat(cell("bt-table", "expectedRecoveredAmount", "A"))
        .isEqualTo(String.format(java.util.Locale.ROOT, "%.2f CNY", JsonPath.<Number>read(answer, "$.policies[0].report.expectedRecoveredAmount").doubleValue()));
    assertThat(browser.findElement(By.id("bt-message")).isDisplayed()).isFalse();
    CHROMIUM.fullPageScreenshot("dashboard-backtest.png");

    // a policy the API refuses: the fields it names, as a sentence
    setValue("bt-against", policyB.replace("\"PT30M\"", "\"PT5M\""));
    click("bt-run");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("bt-message"), "策略 B policy B: sms.delay"));
    assertThat(text("bt-message")).doesNotContain("{").doesNotContain("\"errors\"");

    // too many at once: 429, read as when to try again
    setValue("bt-against", "");
    // the pool's thread and its one waiting place taken: the page's request is the one too many.
    // The second holder comes once the first runs: while the first still sat in the queue (the
    // pool's idle thread not yet there), the second would find the one waiting place taken.
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService holders = Executors.newFixedThreadPool(2);
    try {
      holders.submit(() -> runner.run("holder-1", () -> {
        running.countDown();
        release.await();
        return null;
      }));
      assertThat(running.await(10, TimeUnit.SECONDS)).as("the first holder runs").isTrue();
      holders.submit(() -> runner.run("holder-2", () -> {
        release.await();
        return null;
      }));
      await().atMost(Duration.ofSeconds(10)).until(() -> runner.waiting() == 1);
      click("bt-run");
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("bt-message"), "try again in 5 s"));
    } finally {
      release.countDown();
      holders.shutdown();
    }
    assertThat(text("bt-message")).doesNotContain("{");
    Files.delete(export);
  }

  @Test
  @DisplayName("rule: the dashboard's backtest replays the shop's stored orders of the days picked, counted in the shop's zone; the route needs a shop admin")
  void anAdminBacktestsTheShopsStoredOrdersOfTheDaysPicked() throws IOException, InterruptedException {
    WebDriver browser = CHROMIUM.browser();
    shopId = newShop();
    String admin = createAgent(mvc, shopId, "SHOP_ADMIN");
    LocalDate day = LocalDate.of(2026, 11, 2);
    Instant midnight = day.atStartOfDay(SHANGHAI).toInstant();
    storeOrder("just-after-midnight", midnight.plus(Duration.ofMinutes(30)));
    storeOrder("just-before", midnight.minus(Duration.ofMinutes(30))); // the day before, in Shanghai (the same UTC day)
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

    signedIn(wait, admin);
    wait.until(d -> !value("bt-policy").isEmpty());
    click("bt-source-range");
    assertThat(browser.findElement(By.id("bt-orders")).isDisplayed()).isFalse();
    setValue("bt-from", day.toString());
    setValue("bt-to", day.toString());
    click("bt-run");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("bt-summary"), "Replayed 1 "));
    assertThat(browser.findElements(By.cssSelector("#bt-table td[data-field='B']"))).as("no policy B: one column").isEmpty();
    assertThat(cell("bt-table", "ordersReminded", "A")).isEqualTo("1");

    // the route is the dashboard's: a shop admin's Basic sign-in, and X-Requested-With (a cross-site form cannot send it)
    assertThat(status(basic(admin), null)).as("a form post riding the admin's credentials").isEqualTo(403);
    assertThat(status(basic(createAgent(mvc, shopId, "AGENT")), "XMLHttpRequest")).as("an agent").isEqualTo(403);
    assertThat(status(null, "XMLHttpRequest")).as("no sign-in").isEqualTo(401);
  }

  /** The status of a POST to the dashboard's backtest route over real HTTP, through the whole security chain. */
  private static int status(String authorization, String requestedWith) throws IOException, InterruptedException {
    java.net.http.HttpRequest.Builder request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + PORT + "/dashboard/api/backtests"))
            .header(HttpHeaders.CONTENT_TYPE, "multipart/form-data; boundary=b")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("--b\r\nContent-Disposition: form-data; name=\"policy\"\r\n\r\n{}\r\n--b--\r\n"));
    if (authorization != null) {
      request.header(HttpHeaders.AUTHORIZATION, authorization);
    }
    if (requestedWith != null) {
      request.header("X-Requested-With", requestedWith);
    }
    return java.net.http.HttpClient.newHttpClient().send(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private void storeOrder(String orderId, Instant created) {
    jdbc.sql(
            """
            insert into buyer_order (shop_id, order_id, status, buyer_id, amount_minor, currency, created_at, paid_at, updated_at)
            values (:shop, :order, 'UNPAID', :order, 12800, 'CNY', :created, null, :created)
            """)
        .param("shop", shopId)
        .param("order", orderId)
        .param("created", Timestamps.toDb(created))
        .update();
  }

  private static MockMultipartFile json(String name, String content) {
    return new MockMultipartFile(name, name + ".json", MediaType.APPLICATION_JSON_VALUE, content.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code POST /dashboard/api/backtests} as the page sends it: Basic, X-Requested-With, multipart. */
  private MvcTestResult post(String username, String query, MockMultipartFile... parts) {
    MockMultipartHttpServletRequestBuilder request = MockMvcRequestBuilders.multipart("/dashboard/api/backtests" + query);
    for (MockMultipartFile part : parts) {
      request.file(part);
    }
    request.header("X-Requested-With", "XMLHttpRequest");
    if (username != null) {
      request.header(HttpHeaders.AUTHORIZATION, basic(username));
    }
    return mvc.perform(request);
  }

  private static void signedIn(WebDriverWait wait, String username) {
    WebDriver browser = CHROMIUM.browser();
    browser.get("http://localhost:" + PORT + "/dashboard/");
    ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
    browser.navigate().refresh();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.id("login")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("backtest-form")));
  }

  /** Clicks the element once it is in the middle of the window (at once: Bootstrap scrolls smoothly). */
  private static void click(String id) {
    org.openqa.selenium.WebElement element = CHROMIUM.browser().findElement(By.id(id));
    ((JavascriptExecutor) CHROMIUM.browser()).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element);
    try {
      element.click();
    } catch (org.openqa.selenium.ElementClickInterceptedException e) {
      Object over =
          ((JavascriptExecutor) CHROMIUM.browser())
              .executeScript(
                  "const r = arguments[0].getBoundingClientRect(); const o = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);"
                      + " return (o ? o.outerHTML.slice(0, 300) : 'nothing') + ' rect ' + JSON.stringify(r) + ' inner ' + window.innerHeight"
                      + " + ' scroll ' + window.scrollY + ' page ' + document.documentElement.scrollHeight;",
                  element);
      throw new AssertionError("click on " + id + " intercepted by " + over, e);
    }
  }

  /** As if typed or pasted. */
  private static void setValue(String id, String value) {
    ((JavascriptExecutor) CHROMIUM.browser()).executeScript("document.getElementById(arguments[0]).value = arguments[1]", id, value);
  }

  private static String value(String id) {
    return CHROMIUM.browser().findElement(By.id(id)).getDomProperty("value");
  }

  private static String text(String id) {
    return CHROMIUM.browser().findElement(By.id(id)).getText().replaceAll("\\s+", " ").strip();
  }

  private static String cell(String table, String row, String field) {
    return CHROMIUM.browser()
        .findElement(By.cssSelector("#" + table + " tr[data-row='" + row + "'] td[data-field='" + field + "']"))
        .getText()
        .replaceAll("\\s+", " ")
        .strip();
  }

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

  private static List<Long> longs(List<?> values) {
    return values.stream().map(v -> ((Number) v).longValue()).toList();
  }
}
