package dev.cuifu.reminder.dashboard;

import static dev.cuifu.reminder.security.AgentTestSupport.PASSWORD;
import static dev.cuifu.reminder.security.AgentTestSupport.createAgent;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.cuifu.reminder.HeadlessChromium;
import dev.cuifu.reminder.ShopApi;
import dev.cuifu.reminder.shopmetrics.ShopMetricsTestBase;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.http.HttpStatus;

/**
 * The shop dashboard in headless Chromium (see {@link HeadlessChromium} for when it is skipped): an
 * AGENT is turned away, a SHOP_ADMIN sees the two days of {@link ShopMetricsTestBase}'s scenario —
 * totals, the loss ratio per day, the day's amounts, loss reasons, channels, customer service — and
 * the experiment its SMS went through. Leaves {@code target/screenshots/dashboard.png}.
 */
class DashboardBrowserIntegrationTests extends ShopMetricsTestBase {

  @RegisterExtension static final HeadlessChromium CHROMIUM = new HeadlessChromium();

  @Test
  @DisplayName("rule: a shop admin sees recovery per variant with its interval, the daily loss ratio, the day's amounts and the loss reasons; an agent is refused")
  void aShopAdminSeesTheDashboard() throws IOException {
    WebDriver browser = CHROMIUM.browser();
    shopId = newShop();
    ShopApi api = new ShopApi(mvc, shopId);
    long gentle = script(api, "gentle", "【{shopName}】您好，订单{orderId}还未付款，遇到问题可直接回复。回TD退订");
    long direct = script(api, "direct", "【{shopName}】订单{orderId}待付款，请尽快完成支付。回TD退订");
    String created =
        ShopApi.body(
            api.post(
                "/api/v1/experiments",
                "{\"name\":\"gentle vs direct\",\"tier\":1,\"holdoutShare\":0,\"minSamplePerArm\":1,\"seed\":7,\"arms\":[{\"id\":\"gentle\",\"scriptId\":"
                    + gentle + "},{\"id\":\"direct\",\"scriptId\":" + direct + "}]}"),
            HttpStatus.CREATED);
    long experiment = ((Number) JsonPath.read(created, "$.id")).longValue();
    TwoDays days = twoDays(shopId);
    String stats = ShopApi.body(api.get("/api/v1/experiments/" + experiment + "/stats"), HttpStatus.OK);
    List<Map<String, Object>> arms = JsonPath.read(stats, "$.arms");
    String admin = createAgent(mvc, shopId, "SHOP_ADMIN");
    String agent = createAgent(mvc, shopId, "AGENT");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

    browser.get("http://localhost:" + PORT + "/dashboard/");
    signIn(wait, agent);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "SHOP_ADMIN"));
    assertThat(browser.findElement(By.id("dashboard-section")).isDisplayed()).as("an agent sees no figures").isFalse();

    browser.findElement(By.id("username")).clear();
    browser.findElement(By.id("password")).clear();
    signIn(wait, admin);
    wait.until(ExpectedConditions.textToBe(By.id("total-placed"), "5"));
    assertThat(browser.findElement(By.id("whoami")).getText()).contains(admin).contains(shopId);
    assertThat(text("total-paid")).isEqualTo("2");
    assertThat(text("total-closed")).isEqualTo("2");
    assertThat(text("total-loss-ratio")).isEqualTo("40.0%");
    assertThat(text("total-reminded")).isEqualTo("4");
    assertThat(text("total-recovered")).isEqualTo("1");
    assertThat(text("total-recovered-amount")).isEqualTo("200.00 CNY");
    // the loss ratio per day, on the line and in the table
    assertThat(browser.findElement(By.cssSelector("#loss-chart text[data-day='" + days.day1() + "']")).getText()).isEqualTo("33.3%");
    assertThat(browser.findElement(By.cssSelector("#loss-chart text[data-day='" + days.day2() + "']")).getText()).isEqualTo("50.0%");
    assertThat(text("day-" + days.day1())).startsWith(days.day1() + " 3 2 1 0 33.3% 2 1");
    assertThat(text("day-" + days.day2())).startsWith(days.day2() + " 2 0 1 1 50.0% 2 0");
    // the latest day's amounts: 400.00 unpaid, nothing paid, 600.00 closed
    assertThat(text("amount-day")).isEqualTo(days.day2().toString());
    assertThat(text("amount-CNY")).isEqualTo("CNY 400.00 CNY 0.00 CNY 600.00 CNY 0.00 CNY");
    assertThat(text("amount-chart")).contains("未付 unpaid 400.00").contains("关闭 closed 600.00");
    assertThat(text("reasons-chart")).contains("别家更便宜 Cheaper elsewhere: 1");
    assertThat(text("channel-SMS")).isEqualTo("SMS 4 1 200.00 CNY");
    assertThat(text("channel-PHONE")).isEqualTo("PHONE 1 0");
    assertThat(text("service-talked")).endsWith("1 1 100.0%");
    assertThat(text("service-selfService")).endsWith("4 1 25.0%");
    // each variant's recovery rate with its interval, as the statistics API computes it
    String variants = text("experiment-" + experiment);
    assertThat(variants).contains("gentle vs direct").contains("No holdout orders yet");
    for (Map<String, Object> arm : arms) {
      Map<String, Object> interval = JsonPath.read(arm, "$.rateInterval");
      assertThat(variants)
          .contains(
              arm.get("id") + " " + percent(arm.get("rate")) + " [" + percent(interval.get("lower")) + "–" + percent(interval.get("upper")) + "] "
                  + arm.get("recovered") + "/" + arm.get("sent"));
    }
    assertThat(text("winner-" + experiment)).contains("No winner yet");
    CHROMIUM.screenshot("dashboard.png");
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

  private static long script(ShopApi api, String name, String text) {
    String created =
        ShopApi.body(
            api.post("/api/v1/scripts", "{\"name\":\"" + name + "\",\"channel\":\"sms\",\"locale\":\"zh-CN\",\"text\":\"" + text + "\"}"),
            HttpStatus.CREATED);
    return ((Number) JsonPath.read(created, "$.id")).longValue();
  }
}
