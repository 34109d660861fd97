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
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The agents' page end to end in headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}): sign in, see the queue with the number masked, claim, see the full number and
 * the buyer's history, record the outcome; every time in the shop's zone whatever the browser's;
 * empty states and refusals as sentences. Skipped when Chromium is not installed, unless {@code
 * CUIFU_REQUIRE_BROWSER=true} (CI), where that is a failure. Leaves screenshots in {@code
 * target/screenshots/}.
 */
class AgentPageBrowserIntegrationTests extends PhoneTaskIntegrationTestBase {

  @RegisterExtension static final HeadlessChromium CHROMIUM = new HeadlessChromium();

  /** The test shops' zone (ReminderTestSupport.shop): eight hours ahead of UTC. */
  static final ZoneId SHOP_ZONE = ZoneId.of("Asia/Shanghai");

  /** How the page shows a time; the zone is named once on the page. */
  static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(SHOP_ZONE);

  /** The browser sits far from both the shop and UTC: a page following it shows other dates. */
  static final String BROWSER_ZONE = "America/Los_Angeles";

  @Autowired MockMvcTester mvc;
  @Autowired PhoneTaskQueue queue;
  @Autowired PhoneAgentDesk desk;
  @LocalServerPort int port;

  WebDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void browserFarFromTheShop() {
    browser = CHROMIUM.browser();
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    CHROMIUM.emulateTimeZone(BROWSER_ZONE);
  }

  @Test
  @DisplayName("rule: an agent signs in, sees the task masked, claims it, sees the full number and the buyer's history, records the outcome")
  void anAgentWorksATaskInTheBrowser() throws IOException {
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

    signIn(agent);

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
    assertThat(browser.switchTo().activeElement().getAttribute("id"))
        .as("after the claim, focus is on the call just taken (keyboard and screen-reader users)")
        .isEqualTo("task-heading");
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

  @Test
  @DisplayName("rule: every time on the agents' page is the shop's wall clock (named once), not the browser's nor UTC")
  void timesAreInTheShopsZone() throws IOException {
    shopId = newShop();
    String agent = createAgent(mvc, shopId, "AGENT");
    String buyer = "buyer-" + uniqueOrderId();
    String phone = uniquePhone();
    // just before midnight UTC: already the next morning in Shanghai, the afternoon before in Los Angeles
    Instant midnightUtc = CLOCK.instant().truncatedTo(ChronoUnit.DAYS);
    Instant earlierPlaced = midnightUtc.minus(Duration.ofMinutes(7 * 60 + 30));
    Instant earlierPaid = midnightUtc.minus(Duration.ofMinutes(6));
    Instant orderedAt = midnightUtc.minus(Duration.ofMinutes(10));
    Instant deadline = orderedAt.plus(Duration.ofHours(72));
    assertThat(orderedAt.atZone(SHOP_ZONE).toLocalDate())
        .as("the test's own premise: the order's date in the shop is not its date in UTC")
        .isNotEqualTo(orderedAt.atZone(ZoneOffset.UTC).toLocalDate());
    String earlier = uniqueOrderId();
    publish(ENV.ordersTopic(), anOrder(shopId, earlier, buyer, phone, earlierPlaced, 5_900, null, null));
    publish(ENV.ordersTopic(), paid(shopId, earlier, earlierPaid));
    await().atMost(Duration.ofSeconds(30)).until(() -> "PAID".equals(status(earlier)));
    String orderId = uniqueOrderId();
    long touchId = phoneTouch(shopId, orderId, buyer, phone, orderedAt, deadline);
    long taskId = queue.enqueue(touchId, shopId, orderId, 95, "returning buyer", midnightUtc.minus(Duration.ofMinutes(3)));
    // the dispatcher may have queued the (already due) phone touch first, at the clock's time
    Instant queuedAt = taskTime("created_at", taskId);

    signIn(agent);

    assertThat(((JavascriptExecutor) browser).executeScript("return Intl.DateTimeFormat().resolvedOptions().timeZone"))
        .as("the browser runs in its own zone")
        .isEqualTo(BROWSER_ZONE);
    WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("task-" + taskId)));
    assertThat(row.findElement(By.className("task-created")).getText()).isEqualTo(SHOWN.format(queuedAt));
    assertThat(browser.findElement(By.id("zone-note")).getText()).endsWith("All times are in the shop's time zone: Asia/Shanghai");

    browser.findElement(By.id("claim-" + taskId)).click();

    wait.until(ExpectedConditions.textToBe(By.id("task-phone"), phone));
    Instant claimUntil = taskTime("claim_until", taskId);
    assertThat(text("task-ordered")).isEqualTo(SHOWN.format(orderedAt)).startsWith(orderedAt.atZone(SHOP_ZONE).toLocalDate().toString());
    assertThat(text("task-deadline")).isEqualTo(SHOWN.format(deadline));
    assertThat(text("task-created")).isEqualTo(SHOWN.format(queuedAt));
    assertThat(text("task-claim-until")).isEqualTo(SHOWN.format(claimUntil));
    assertThat(text("task-history")).endsWith("最近付款 last paid " + SHOWN.format(earlierPaid));
    WebElement earlierRow = browser.findElement(By.id("buyer-orders")).findElement(By.tagName("tr"));
    assertThat(earlierRow.findElement(By.className("order-placed")).getText()).isEqualTo(SHOWN.format(earlierPlaced));
    assertThat(earlierRow.findElement(By.className("order-paid")).getText()).isEqualTo(SHOWN.format(earlierPaid));
    assertThat(text("zone-note")).contains("Asia/Shanghai");
    screenshot("agent-task.png");
  }

  @Test
  @DisplayName("rule: a first order says so in a sentence, a call back is set on the shop's wall clock, an empty queue is a sentence")
  void emptyStatesAreSentences() throws IOException {
    shopId = newShop();
    String agent = createAgent(mvc, shopId, "AGENT");
    String orderId = uniqueOrderId();
    long touchId = phoneTouch(shopId, orderId, "buyer-" + uniqueOrderId(), uniquePhone());
    long taskId = queue.enqueue(touchId, shopId, orderId, 50, "high value", CLOCK.instant());

    signIn(agent);
    wait.until(ExpectedConditions.elementToBeClickable(By.id("claim-" + taskId))).click();

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("buyer-orders-empty")));
    assertThat(text("buyer-orders-empty")).isEqualTo("首次下单，无历史记录 First order: no earlier orders from this buyer.");
    assertThat(browser.findElement(By.id("buyer-orders-table")).isDisplayed()).as("no bare table header").isFalse();
    assertThat(text("task-last")).isEqualTo("第一次拨打 This is the first call");
    assertThat(text("task-note")).isEqualTo("买家没有留言 No note from the buyer");
    screenshot("agent-first-order.png");

    // the agent types the buyer's "tomorrow 09:30" as the shop's clock reads it
    LocalDateTime callBack = CLOCK.instant().atZone(SHOP_ZONE).toLocalDate().plusDays(1).atTime(LocalTime.of(9, 30));
    Instant callBackAt = callBack.atZone(SHOP_ZONE).toInstant();
    new Select(browser.findElement(By.id("outcome"))).selectByValue("CALL_BACK");
    assertThat(text("call-back-zone")).contains("Asia/Shanghai");
    browser.findElement(By.id("complete")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
    assertThat(text("message"))
        .as("a bad field is named by its label on the form")
        .isEqualTo(
            "请检查填写的内容 Please check what you entered. 1 field is invalid."
                + " 回电时间（店铺时区）Call back at (shop's time zone): is required for CALL_BACK");
    ((JavascriptExecutor) browser)
        .executeScript("arguments[0].value = arguments[1]", browser.findElement(By.id("call-back-at")), callBack.toString());
    browser.findElement(By.id("complete")).click();

    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "已记录 Recorded: CALL_BACK"));
    assertThat(text("message")).endsWith("回电 call back " + SHOWN.format(callBackAt));
    assertThat(taskTime("call_back_at", taskId))
        .as("09:30 in the shop, not in the browser's zone")
        .isEqualTo(callBackAt);
    assertThat(text("queue-empty")).isEqualTo("队列为空，暂时没有要拨打的电话 The queue is empty: nothing to call right now.");
    assertThat(browser.findElement(By.id("queue-table")).isDisplayed()).as("no bare table header").isFalse();
    screenshot("agent-queue-empty.png");
  }

  @Test
  @DisplayName("rule: a wrong password and a refused claim read as sentences in both languages, times in the shop's zone")
  void aRefusalIsASentence() throws IOException {
    shopId = newShop();
    String agent = createAgent(mvc, shopId, "AGENT");
    String colleague = createAgent(mvc, shopId, "AGENT");
    String orderId = uniqueOrderId();
    long touchId = phoneTouch(shopId, orderId, "buyer-" + uniqueOrderId(), uniquePhone());
    long taskId = queue.enqueue(touchId, shopId, orderId, 50, "high value", CLOCK.instant());

    signIn(agent, "not the password");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
    assertThat(text("message"))
        .isEqualTo("用户名或密码不对，或登录已过期，请重新登录 Wrong username or password, or the session ended: please sign in again.");
    assertThat(browser.findElement(By.id("login-section")).isDisplayed()).isTrue();

    signIn(agent);
    WebElement claim = wait.until(ExpectedConditions.elementToBeClickable(By.id("claim-" + taskId)));
    // a colleague takes it while the queue is on the agent's screen
    Instant until = desk.claim(shopId, taskId, colleague).claimUntil();
    claim.click();

    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
    assertThat(text("message"))
        .startsWith("现在不能这样做 That cannot be done right now.")
        .contains("claimed by " + colleague + " until " + SHOWN.format(until))
        .doesNotContain(until.toString())
        .doesNotContain("{");
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("task-" + taskId)));
    assertThat(text("queue-empty")).as("the queue as it is now: the colleague's task is gone").contains("The queue is empty");
    screenshot("agent-refused.png");
  }

  private void signIn(String agent) {
    signIn(agent, PASSWORD);
  }

  private void signIn(String agent, String password) {
    String page = "http://localhost:" + port + "/agent/";
    browser.get(page);
    // an earlier test's agent may still be signed in in this tab
    ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
    browser.get(page);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(agent);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("login")).click();
  }

  private Instant taskTime(String column, long taskId) {
    return instantOf(jdbc.sql("select " + column + " from phone_task where task_id = ?").param(taskId).query().singleValue());
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText();
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
