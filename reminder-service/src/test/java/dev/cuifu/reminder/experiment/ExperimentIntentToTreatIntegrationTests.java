package dev.cuifu.reminder.experiment;

import static dev.cuifu.reminder.ReminderTestSupport.anOrder;
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
import dev.cuifu.reminder.ops.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Intent-to-treat accounting end to end (real broker, database and Twilio stub): an arm's orders and
 * their held-out twins count from the same moment, the arm's own due time, whatever happens to the
 * send; the same exclusions on both sides; an order's outcome stays pending until its payment
 * deadline or the attribution window (72 h by default) has passed.
 */
class ExperimentIntentToTreatIntegrationTests extends ManualDispatchIntegrationTest {

  private static final Duration ARM_DELAY = Duration.ofHours(1);

  @Autowired MockMvcTester mvc;
  @Autowired Experiments experiments;

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  @DisplayName("rule: arm and holdout count from the arm's due time, with the same exclusions; paid before the (late) send counts the same on both sides; pending until a window closes")
  void armAndHoldoutAreCountedAlike() {
    long script = script();
    // one arm with its own delay (1 h, the shop's is 30 min) and half the orders held out
    String created = ShopApi.body(api().post("/api/v1/experiments", "{\"name\":\"itt\",\"tier\":1,\"holdoutShare\":0.5,\"minSamplePerArm\":1000,"
        + "\"seed\":77,\"arms\":[{\"id\":\"late\",\"scriptId\":" + script + ",\"delay\":\"PT1H\"}]}"), HttpStatus.CREATED);
    long id = ((Number) JsonPath.read(created, "$.id")).longValue();
    ExperimentDesign design = experiments.find(shopId, id).design();
    // five orders on each side, paired by what happens to them, chosen by the seeded draw itself
    List<String> arm = new ArrayList<>();
    List<String> held = new ArrayList<>();
    while (arm.size() < 5 || held.size() < 5) {
      String orderId = uniqueOrderId();
      List<String> side = Allocator.assign(design, orderId, Map.of()) instanceof Assignment.ToArm ? arm : held;
      if (side.size() < 5) {
        side.add(orderId);
      }
    }
    Instant t0 = CLOCK.instant(); // 10:00 in Shanghai
    Map<String, String> phones = new HashMap<>();
    for (String orderId : concat(arm, held)) {
      phones.put(orderId, uniquePhone());
      // pair 5 has a 10-day payment deadline: only the attribution window closes its outcome
      Instant deadline = orderId.equals(arm.get(4)) || orderId.equals(held.get(4)) ? t0.plus(Duration.ofDays(10)) : null;
      publish(ENV.ordersTopic(), anOrder(shopId, orderId, "buyer-" + orderId, phones.get(orderId), t0, 12_800, null, deadline));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> arm.stream().allMatch(this::hasSmsTouch) && held.stream().allMatch(o -> holdoutDue(id, o) != null));
    assertThat(held).as("a held-out order is due when its twin arm's touch would have been, not after the policy delay")
        .allSatisfy(o -> assertThat(holdoutDue(id, o)).isEqualTo(t0.plus(ARM_DELAY)));
    assertThat(arm).allSatisfy(o -> assertThat(instantOf(smsTouch(o).get("due_at"))).isEqualTo(t0.plus(ARM_DELAY)));

    // pair 4: the buyer opts out of SMS before the due time (excluded on both sides)
    CLOCK.advance(Duration.ofMinutes(10));
    for (String orderId : List.of(arm.get(3), held.get(3))) {
      assertThat(api().post("/api/v1/opt-outs", "{\"channel\":\"SMS\",\"phone\":\"" + phones.get(orderId) + "\",\"reason\":\"test\"}"))
          .hasStatus2xxSuccessful();
    }
    // pair 1: paid at +45 min, after the policy delay but before the arm's due time (excluded on both sides)
    CLOCK.set(t0.plus(Duration.ofMinutes(45)));
    payAndAwait(arm.get(0), held.get(0));

    // the dispatcher only runs at 22:00, in quiet hours: the arm's SMS are deferred to the morning
    CLOCK.set(t0.plus(Duration.ofHours(12)));
    dispatchDueNow();
    assertThat(List.of(arm.get(1), arm.get(2), arm.get(4))).allSatisfy(o -> {
      assertThat(smsTouch(o).get("state")).isEqualTo("PLANNED");
      assertThat(instantOf(smsTouch(o).get("due_at"))).isAfter(CLOCK.instant());
    });
    assertThat(smsTouch(arm.get(3)).get("state")).isEqualTo("SKIPPED");
    // pair 2: paid after the due time, before the (deferred) send: recovered on both sides, the arm's never reached
    CLOCK.advance(Duration.ofMinutes(30));
    payAndAwait(arm.get(1), held.get(1));

    // 09:00 next morning: the deferred SMS of pairs 3 and 5 go out; both stay unpaid for now
    CLOCK.set(t0.plus(Duration.ofHours(23)));
    dispatchDueNow();
    assertThat(List.of(arm.get(2), arm.get(4))).allSatisfy(o -> assertThat(smsTouch(o).get("state")).isEqualTo("SENT"));
    assertThat(smsTouch(arm.get(1)).get("state")).isEqualTo("CANCELLED");

    String morning = stats(id);
    // arm: 5 assigned, 2 excluded (pairs 1, 4), 1 settled and recovered (pair 2, not reached), 2 pending (pairs 3, 5, reached)
    assertCounts(morning, "$.arms[0].", 5, 2, 1, 1, 2);
    assertThat((Integer) JsonPath.read(morning, "$.arms[0].reached")).isEqualTo(2);
    // the holdout: the same, pair by pair
    assertCounts(morning, "$.holdout.", 5, 2, 1, 1, 2);
    assertThat(number(morning, "$.arms[0].rate")).isEqualTo(1.0);
    assertThat(number(morning, "$.holdout.rate")).isEqualTo(1.0);
    assertThat(number(morning, "$.arms[0].lift")).isEqualTo(0.0);
    assertThat((String) JsonPath.read(morning, "$.attributionWindow")).isEqualTo("PT72H");

    // pair 5's arm order is paid 72.5 h after its due time: outside the attribution window, a failure
    CLOCK.set(t0.plus(ARM_DELAY).plus(Duration.ofHours(72)).plus(Duration.ofMinutes(30)));
    payAndAwait(arm.get(4));
    CLOCK.advance(Duration.ofMinutes(30));
    String later = stats(id);
    // pairs 3 (deadline passed) and 5 (window passed, deadline open) have failed on both sides
    assertCounts(later, "$.arms[0].", 5, 2, 3, 1, 0);
    assertCounts(later, "$.holdout.", 5, 2, 3, 1, 0);
    assertThat(number(later, "$.arms[0].rate")).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(number(later, "$.holdout.rate")).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(number(later, "$.arms[0].lift")).isCloseTo(0, within(1e-9));

    // the dashboard's series ends with the same figures
    ExperimentSeries series =
        experiments.newestSeries(shopId, 5, ZoneId.of("Asia/Shanghai"), CLOCK.instant().atZone(ZoneId.of("Asia/Shanghai")).toLocalDate()).get(0);
    List<ExperimentSeries.Point> armPoints = series.arms().get(0).points();
    List<ExperimentSeries.Point> holdoutPoints = series.holdout().points();
    ExperimentSeries.Point armLast = armPoints.get(armPoints.size() - 1);
    ExperimentSeries.Point holdoutLast = holdoutPoints.get(holdoutPoints.size() - 1);
    assertThat(List.of(armLast.sent(), armLast.recovered(), armLast.pending())).containsExactly(3L, 1L, 0L);
    assertThat(List.of(holdoutLast.sent(), holdoutLast.recovered(), holdoutLast.pending())).containsExactly(3L, 1L, 0L);
    ExperimentSeries.Point armFirst = armPoints.get(0);
    assertThat(armFirst.sent() + armFirst.pending()).as("the first day counts every order due that day, excluded ones aside").isEqualTo(3);
  }

  /** assigned = excluded + settled (the rate's denominator: {@code sent}, the holdout's {@code orders}) + pending. */
  private static void assertCounts(String json, String at, int assigned, int excluded, int settled, int recovered, int pending) {
    String denominator = at.startsWith("$.holdout") ? "orders" : "sent";
    assertThat(List.of(
            JsonPath.<Integer>read(json, at + "assigned"), JsonPath.<Integer>read(json, at + "excluded"),
            JsonPath.<Integer>read(json, at + denominator), JsonPath.<Integer>read(json, at + "recovered"),
            JsonPath.<Integer>read(json, at + "pending")))
        .as("%s assigned, excluded, %s, recovered, pending", at, denominator)
        .containsExactly(assigned, excluded, settled, recovered, pending);
  }

  private void payAndAwait(String... orderIds) {
    for (String orderId : orderIds) {
      publish(ENV.ordersTopic(), paid(shopId, orderId, CLOCK.instant()));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> List.of(orderIds).stream().allMatch(o -> "PAID".equals(order(o).get("status"))));
  }

  private String stats(long id) {
    return ShopApi.body(api().get("/api/v1/experiments/" + id + "/stats"), HttpStatus.OK);
  }

  private long script() {
    return api().smsScript("Order {orderId} is still unpaid. STOP to opt out");
  }

  private Instant holdoutDue(long id, String orderId) {
    return jdbc.sql("select would_due_at from experiment_holdout where experiment_id = ? and order_id = ?")
        .params(id, orderId)
        .query((rs, n) -> Timestamps.fromDb(rs, "would_due_at"))
        .optional()
        .orElse(null);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static double number(String json, String path) {
    return ((Number) JsonPath.read(json, path)).doubleValue();
  }

  private ShopApi api() {
    return new ShopApi(mvc, shopId);
  }
}
