package dev.cuifu.reminder.backtest;

import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.paid;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.cuifu.reminder.ManualDispatchIntegrationTest;
import dev.cuifu.reminder.ShopApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * {@code POST /api/v1/backtests?liftFromExperiment=…}: a running experiment's measured lift over its
 * holdout, with its interval, projected onto the orders a policy would have reminded and that never
 * paid (real broker and database: the experiment's outcomes come from published orders and payments).
 */
class BacktestLiftFromExperimentIntegrationTests extends ManualDispatchIntegrationTest {

  private static final int ORDERS = 24;

  @Autowired MockMvcTester mvc;

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  @DisplayName("the experiment's lift interval times the never-paid reminded orders is the range reported, labelled with the experiment,"
      + " its arm and the interval's kind; no holdout or no settled orders is a 409 saying so; another shop's experiment is a 404")
  void theMeasuredLiftAndItsIntervalGiveTheRecoveredRange() {
    long script = api().smsScript("Order {orderId} is still unpaid. STOP to opt out");
    // no holdout: nothing to measure the lift against
    long noHoldout = experiment(script, "0");
    assertThat(backtest(apiKey(shopId), noHoldout))
        .hasStatus(HttpStatus.CONFLICT)
        .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyJson()
        .extractingPath("$.detail")
        .asString()
        .contains("no holdout");
    assertThat(api().post("/api/v1/experiments/" + noHoldout + "/stop", "")).hasStatusOk();

    long id = experiment(script, "0.5");
    assertThat(backtest(apiKey(shopId), id))
        .as("nothing settled yet")
        .hasStatus(HttpStatus.CONFLICT)
        .bodyJson()
        .extractingPath("$.detail")
        .asString()
        .contains("no settled orders");

    // orders split between the arm and the holdout; every arm order but one pays after its due time, one held-out order does
    List<String> orders = new ArrayList<>();
    for (int i = 0; i < ORDERS; i++) {
      orders.add(uniqueOrderId());
    }
    orders.forEach(o -> publish(ENV.ordersTopic(), created(shopId, o, uniquePhone(), CLOCK.instant())));
    await().atMost(Duration.ofSeconds(30)).until(() -> orders.stream().allMatch(o -> hasSmsTouch(o) || heldOut(id, o)));
    List<String> arm = orders.stream().filter(this::hasSmsTouch).toList();
    List<String> held = orders.stream().filter(o -> !hasSmsTouch(o)).toList();
    assertThat(arm).hasSizeGreaterThan(2);
    assertThat(held).hasSizeGreaterThan(2);
    CLOCK.advance(SHOP_DELAY.plusMinutes(1));
    List<String> payers = new ArrayList<>(arm.subList(1, arm.size()));
    payers.add(held.get(0));
    payers.forEach(o -> publish(ENV.ordersTopic(), paid(shopId, o, CLOCK.instant())));
    await().atMost(Duration.ofSeconds(30)).until(() -> payers.stream().allMatch(o -> "PAID".equals(order(o).get("status"))));
    CLOCK.advance(Duration.ofHours(73)); // the unpaid ones fail: past their deadline and the attribution window

    String stats = ShopApi.body(api().get("/api/v1/experiments/" + id + "/stats"), HttpStatus.OK);
    double lift = number(stats, "$.arms[0].lift");
    double lower = number(stats, "$.arms[0].alwaysValidLiftInterval.lower");
    double upper = number(stats, "$.arms[0].alwaysValidLiftInterval.upper");
    String kind = JsonPath.read(stats, "$.arms[0].alwaysValidLiftInterval.kind");
    assertThat(lift).isCloseTo((arm.size() - 1.0) / arm.size() - 1.0 / held.size(), within(1e-9));
    assertThat(lower).isLessThan(lift);

    String result = ShopApi.body(backtest(apiKey(shopId), id), HttpStatus.OK);
    String report = "$.policies[0].report.";
    long neverPaid = ((Number) JsonPath.read(result, report + "remindedNeverPaid")).longValue();
    double amount = number(result, report + "remindedNeverPaidAmount");
    assertThat(neverPaid).isEqualTo(3923);
    assertThat(number(result, report + "lift")).isCloseTo(lift, within(1e-9));
    assertThat(number(result, report + "expectedRecoveredOrders")).isCloseTo(lift * neverPaid, within(1e-6));
    assertThat(JsonPath.<String>read(result, report + "liftRange.source")).isEqualTo("experiment");
    assertThat(((Number) JsonPath.read(result, report + "liftRange.experimentId")).longValue()).isEqualTo(id);
    assertThat(JsonPath.<String>read(result, report + "liftRange.arm")).isEqualTo("a");
    assertThat(JsonPath.<String>read(result, report + "liftRange.armChoice")).isEqualTo("leading");
    assertThat(JsonPath.<String>read(result, report + "liftRange.intervalKind")).isEqualTo(kind).startsWith("always-valid 95%");
    assertThat(number(result, report + "liftRange.expectedRecoveredOrdersLow")).isCloseTo(lower * neverPaid, within(1e-6));
    assertThat(number(result, report + "liftRange.expectedRecoveredOrdersHigh")).isCloseTo(upper * neverPaid, within(1e-6));
    assertThat(number(result, report + "liftRange.expectedRecoveredAmountLow")).isCloseTo(lower * amount, within(0.01));
    assertThat(number(result, report + "liftRange.expectedRecoveredAmountHigh")).isCloseTo(upper * amount, within(0.01));
    assertThat(JsonPath.<String>read(result, "$.policies[1].report.liftRange.arm")).as("the second policy's too").isEqualTo("a");

    // an assumed lift and a measured one together: which one is meant?
    assertThat(post(apiKey(shopId), "?lift=0.1&liftFromExperiment=" + id)).hasStatus(HttpStatus.BAD_REQUEST);
    // another shop's experiment, or none: not found, and the id is not echoed
    for (MvcTestResult notFound : List.of(backtest(apiKey(newShop()), id), backtest(apiKey(shopId), 987_654_321L))) {
      assertThat(notFound).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
      assertThat(notFound).bodyText().doesNotContain(Long.toString(id)).doesNotContain("987654321");
    }
  }

  private MvcTestResult backtest(String key, long experimentId) {
    return post(key, "?liftFromExperiment=" + experimentId);
  }

  private MvcTestResult post(String key, String query) {
    byte[] tmall;
    try {
      tmall = Files.readAllBytes(Path.of("..", "data", "tmall_order_report.csv"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MockMultipartHttpServletRequestBuilder request = MockMvcRequestBuilders.multipart("/api/v1/backtests" + query);
    request.file(part("policy", BacktestCommandTests.POLICY.formatted("PT10M").getBytes(StandardCharsets.UTF_8)));
    request.file(part("against", BacktestCommandTests.POLICY.formatted("PT3H").getBytes(StandardCharsets.UTF_8)));
    request.file(part("orders", tmall));
    request.header("X-Api-Key", key);
    return mvc.perform(request);
  }

  private static MockMultipartFile part(String name, byte[] content) {
    return new MockMultipartFile(name, name, name.equals("orders") ? "text/csv" : MediaType.APPLICATION_JSON_VALUE, content);
  }

  private long experiment(long script, String holdoutShare) {
    String created = ShopApi.body(api().post("/api/v1/experiments", "{\"name\":\"lift\",\"tier\":1,\"holdoutShare\":" + holdoutShare
        + ",\"minSamplePerArm\":1000,\"seed\":91,\"arms\":[{\"id\":\"a\",\"scriptId\":" + script + "}]}"), HttpStatus.CREATED);
    return ((Number) JsonPath.read(created, "$.id")).longValue();
  }


  private boolean heldOut(long id, String orderId) {
    return jdbc.sql("select count(*) from experiment_holdout where experiment_id = ? and order_id = ?")
        .params(id, orderId)
        .query(Long.class)
        .single() > 0;
  }

  private static double number(String json, String path) {
    return ((Number) JsonPath.read(json, path)).doubleValue();
  }

  private ShopApi api() {
    return new ShopApi(mvc, shopId);
  }
}
