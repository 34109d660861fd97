package dev.cuifu.reminder.phone;

import static dev.cuifu.reminder.ReminderTestSupport.anOrder;
import static dev.cuifu.reminder.ReminderTestSupport.paid;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static dev.cuifu.reminder.security.AgentTestSupport.PASSWORD;
import static dev.cuifu.reminder.security.AgentTestSupport.createAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.reminder.HeadlessChromium;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The agents' page end to end in headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}): sign in, see the queue with the number masked, claim, see the full number and
 * the buyer's history, record the outcome. Skipped when Chromium is not installed, unless {@code
 * CUIFU_REQUIRE_BROWSER=true} (CI), where that is a failure. Leaves a screenshot in {@code
 * target/screenshots/}.
 */
class AgentPageBrowserIntegrationTests extends PhoneTaskIntegrationTestBase {

  @RegisterExtension static final HeadlessChromium CHROMIUM = new HeadlessChromium();

  @Autowired MockMvcTester mvc;
  @Autowired PhoneTaskQueue queue;
  @LocalServerPort int port;

  @Test
  @DisplayName("rule: an agent signs in, sees the task masked, claims it, sees the full number and the buyer's history, records the outcome")
  void anAgentWorksATaskInTheBrowser() throws IOException {
    WebDriver browser = CHROMIUM.browser();
    shopId = newShop();
    String agent = createAgent(mvc, shopId, "AGENT");
    String buyer = "buyer-" + uniqueOrderId();
    String phone = uniquePhone();
    // the buyer paid an earlier order: a returning buyer
    String earlier = uniqueOrderId();
    publish(ENV.ordersTopic(), anOrder(shopId, earlier, buyer, phone, CLOCK.instant(), 5_900, null, null));
    publish(ENV.ordersTopic(), paid(shopId, earlier, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(30)).until(() -> "PAID".equals(status(earlier)));
    String orderId = uniqueOrderId();
    long touchId = phoneTouch(shopId, orderId, buyer, phone);
    long taskId = queue.enqueue(touchId, shopId, orderId, 95, "returning buyer", CLOCK.instant());
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

    browser.get("http://localhost:" + port + "/agent/");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(agent);
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.id("login")).click();

    String row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("task-" + taskId))).getText();
    assertThat(row).contains(orderId).contains(PhoneNumbers.mask(phone)).doesNotContain(phone.substring(3));
    assertThat(browser.findElement(By.id("whoami")).getText()).contains(agent).contains(shopId);
    screenshot("agent-queue.png");

    browser.findElement(By.id("claim-" + taskId)).click();

    wait.until(ExpectedConditions.textToBe(By.id("task-phone"), phone));
    assertThat(browser.findElement(By.id("task-order")).getText()).isEqualTo(orderId);
    assertThat(browser.findElement(By.id("task-amount")).getText()).isEqualTo("888.00 CNY");
    assertThat(browser.findElement(By.id("task-history")).getText()).contains("Paid orders before: 1");
    assertThat(browser.findElement(By.id("buyer-orders")).getText()).contains(earlier).contains("PAID");
    screenshot("agent-page.png");

    new Select(browser.findElement(By.id("outcome"))).selectByValue("DECLINED");
    new Select(browser.findElement(By.id("loss-reason"))).selectByValue("CHEAPER_ELSEWHERE");
    browser.findElement(By.id("note")).sendKeys("别家便宜二十元");
    browser.findElement(By.id("complete")).click();

    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "DECLINED"));
    assertThat(browser.findElements(By.id("task-" + taskId))).as("gone from the queue").isEmpty();
    Map<String, Object> task = jdbc.sql("select * from phone_task where task_id = ?").param(taskId).query().singleRow();
    assertThat(task)
        .containsEntry("state", "CLOSED")
        .containsEntry("outcome", "DECLINED")
        .containsEntry("loss_reason", "CHEAPER_ELSEWHERE")
        .containsEntry("note", "别家便宜二十元");
    assertThat(jdbc.sql("select reason from touch_decision where touch_id = ?").param(touchId).query(String.class).list())
        .anySatisfy(reason -> assertThat(reason).contains("phone outcome: DECLINED", "CHEAPER_ELSEWHERE", agent));
  }

  private String status(String orderId) {
    return jdbc.sql("select status from buyer_order where shop_id = ? and order_id = ?")
        .params(shopId, orderId)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private static void screenshot(String name) throws IOException {
    CHROMIUM.screenshot(name);
  }
}
