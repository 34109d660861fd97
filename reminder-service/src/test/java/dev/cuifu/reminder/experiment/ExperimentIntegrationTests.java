package dev.cuifu.reminder.experiment;

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
import dev.cuifu.reminder.ReminderTestSupport;
import dev.cuifu.reminder.ShopApi;
import dev.cuifu.reminder.ops.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Experiments end to end on the real broker and database: the API, assignment at planning time
 * (arm or holdout, recorded and reproducible), the arm's script and delay at dispatch, and the
 * statistics of a small scripted scenario checked against values computed by hand.
 */
class ExperimentIntegrationTests extends ManualDispatchIntegrationTest {

  /** A one-segment GSM-7 SMS (with any of our order ids). */
  private static final String SHORT = "Order {orderId} is still unpaid. Need help paying? Just reply. STOP to opt out";
  /** A two-segment GSM-7 SMS: more than 160 and at most 306 characters with the order id. */
  private static final String LONG =
      "Hello! Your order {orderId} is still waiting for payment. If something went wrong at checkout, reply to this"
          + " message and we will help you right away. The order stays reserved for you until the deadline. Reply STOP to opt out.";

  @Autowired MockMvcTester mvc;

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  @DisplayName("API: create with defaults, one running experiment per tier (409), 400 naming bad fields, pin, retire, stop")
  void apiLifecycle() {
    long script = script("en", SHORT);
    String created = body(api().post("/api/v1/experiments", "{\"name\":\"wording\",\"tier\":1,\"arms\":[{\"id\":\"a\",\"scriptId\":" + script + "},"
        + "{\"id\":\"b\",\"scriptId\":" + script + ",\"delay\":\"PT1H\"}]}"), HttpStatus.CREATED);
    assertThat((Double) JsonPath.read(created, "$.holdoutShare")).isEqualTo(0.1);
    assertThat((Integer) JsonPath.read(created, "$.minSamplePerArm")).isEqualTo(200);
    assertThat((String) JsonPath.read(created, "$.arms[1].delay")).isEqualTo("PT1H");
    long id = ((Number) JsonPath.read(created, "$.id")).longValue();

    assertThat(api().post("/api/v1/experiments", "{\"name\":\"again\",\"tier\":1,\"arms\":[{\"id\":\"a\",\"scriptId\":" + script + "}]}"))
        .hasStatus(HttpStatus.CONFLICT);
    assertThat(api().post("/api/v1/experiments", "{\"name\":\"\",\"tier\":3,\"holdoutShare\":0.9,\"arms\":[{\"id\":\"A!\",\"scriptId\":999999,\"delay\":\"soon\"}]}"))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsExactly("name", "tier", "holdoutShare", "arms[0].id", "arms[0].scriptId", "arms[0].delay");

    assertThat(api().post("/api/v1/experiments/" + id + "/arms/b/pin", "")).hasStatusOk().bodyJson()
        .extractingPath("$.arms[*].state").asArray().containsExactly("ACTIVE", "PINNED");
    assertThat(api().post("/api/v1/experiments/" + id + "/arms/a/pin", "")).hasStatusOk().bodyJson()
        .extractingPath("$.arms[*].state").asArray().containsExactly("PINNED", "ACTIVE");
    assertThat(api().post("/api/v1/experiments/" + id + "/arms/b/retire", "")).hasStatusOk();
    assertThat(api().post("/api/v1/experiments/" + id + "/arms/a/retire", "")).hasStatus(HttpStatus.CONFLICT);
    assertThat(api().post("/api/v1/experiments/" + id + "/arms/zz/retire", "")).hasStatus(HttpStatus.NOT_FOUND);
    assertThat(api().post("/api/v1/experiments/" + id + "/stop", "")).hasStatusOk().bodyJson().extractingPath("$.status").isEqualTo("STOPPED");
    assertThat(api().post("/api/v1/experiments", "{\"name\":\"next\",\"tier\":1,\"arms\":[{\"id\":\"a\",\"scriptId\":" + script + "}]}"))
        .hasStatus(HttpStatus.CREATED);
    assertThat(mvc.get().uri("/api/v1/experiments/" + id).header("X-Api-Key", apiKey(newShop()))).hasStatus(HttpStatus.NOT_FOUND);
    assertThat(api().put("/api/v1/scripts/settings", "{\"locale\":\"zh-CN\",\"smsMaxSegments\":2,\"smsSegmentPrice\":{\"minor\":-1,\"currency\":\"yuan\"}}"))
        .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[*].field").asArray()
        .containsExactly("smsSegmentPrice.minor", "smsSegmentPrice.currency");
    assertThat(api().put("/api/v1/scripts/settings", "{\"locale\":\"zh-CN\",\"smsMaxSegments\":2,\"smsSegmentPrice\":{\"minor\":0.79,\"currency\":\"USD\"}}"))
        .hasStatusOk().bodyJson().extractingPath("$.smsSegmentPrice.minor").isEqualTo(0.79);
  }

  @Test
  @DisplayName("planning: each order's arm or holdout is the seeded draw, recorded on the touch; an arm's delay moves the due time; holdout orders get no touch, and are due after their twin arm's delay")
  void assignmentIsRecordedAndReproducible() {
    long a = script("en", SHORT);
    long b = script("en", LONG);
    long id = experiment(1, 0.3, 1000, 4242, "{\"id\":\"a\",\"scriptId\":" + a + "}", "{\"id\":\"b\",\"scriptId\":" + b + ",\"delay\":\"PT1H\"}");
    ExperimentDesign design = design(id);
    Instant t0 = CLOCK.instant();
    Map<String, String> expected = new LinkedHashMap<>();
    // at least 12 orders and until the holdout and both arms occur (12 random ids miss one ~2.5% of the time)
    while (expected.size() < 12 || !expected.values().containsAll(Arrays.asList(null, "a", "b"))) {
      String orderId = uniqueOrderId();
      expected.put(orderId, armOf(Allocator.assign(design, orderId, Map.of())));
      publish(ENV.ordersTopic(), created(shopId, orderId, uniquePhone(), t0));
    }
    awaitPlanned(id, expected.keySet());

    for (Map.Entry<String, String> order : expected.entrySet()) {
      String orderId = order.getKey();
      if (order.getValue() == null) {
        assertThat(touches(orderId)).noneMatch(t -> ((Number) t.get("tier")).intValue() == 1);
        // the twin: the arm the same seeded draw gives without the holdout
        Arm twin = ((Assignment.ToArm) Allocator.assign(
            new ExperimentDesign(design.seed(), 0, design.minSamplePerArm(), design.arms()), orderId, Map.of())).arm();
        assertThat(holdoutDue(id, orderId)).isEqualTo(t0.plus(twin.id().equals("b") ? Duration.ofHours(1) : SHOP_DELAY));
        assertThat(jdbc.sql("select twin_arm from experiment_holdout where experiment_id = ? and order_id = ?").params(id, orderId)
            .query(String.class).single()).isEqualTo(twin.id());
        assertThat(decisions(orderId)).anyMatch(d -> d.startsWith("SKIPPED: holdout of experiment " + id));
      } else {
        Map<String, Object> touch = smsTouch(orderId);
        assertThat(((Number) touch.get("experiment_id")).longValue()).isEqualTo(id);
        assertThat(touch.get("experiment_arm")).isEqualTo(order.getValue());
        assertThat(instantOf(touch.get("due_at"))).isEqualTo(t0.plus(order.getValue().equals("b") ? Duration.ofHours(1) : SHOP_DELAY));
      }
    }
    // the same seed and order id give the same answer again
    for (Map.Entry<String, String> order : expected.entrySet()) {
      assertThat(armOf(Allocator.assign(design(id), order.getKey(), Map.of()))).isEqualTo(order.getValue());
    }
    assertThat(expected.values()).contains(null, "a", "b");
  }

  @Test
  @DisplayName("a retired arm receives nothing new: orders it would have drawn go to the open arm")
  void retiredArmGetsNothingNew() {
    long a = script("en", SHORT);
    long id = experiment(1, 0, 1000, 99, "{\"id\":\"a\",\"scriptId\":" + a + "}", "{\"id\":\"b\",\"scriptId\":" + a + "}");
    ExperimentDesign before = design(id);
    List<String> wouldBeB = new ArrayList<>();
    while (wouldBeB.size() < 5) {
      String orderId = uniqueOrderId();
      if ("b".equals(armOf(Allocator.assign(before, orderId, Map.of())))) {
        wouldBeB.add(orderId);
      }
    }
    assertThat(api().post("/api/v1/experiments/" + id + "/arms/b/retire", "")).hasStatusOk();
    for (String orderId : wouldBeB) {
      publish(ENV.ordersTopic(), created(shopId, orderId, uniquePhone(), CLOCK.instant()));
    }
    awaitPlanned(id, wouldBeB);
    assertThat(wouldBeB).allSatisfy(orderId -> assertThat(smsTouch(orderId).get("experiment_arm")).isEqualTo("a"));
    assertThat(api().get("/api/v1/experiments/" + id + "/stats")).hasStatusOk().bodyJson().satisfies(json -> {
      assertThat(json).extractingPath("$.arms[1].state").isEqualTo("RETIRED");
      assertThat(json).extractingPath("$.arms[1].probabilityBest").isEqualTo(0.0);
    });
  }

  @Test
  @DisplayName("attribution: an order paid before its touch went out is neither sent nor recovered; one paid after it is recovered")
  void paidBeforeTouchIsNotRecovered() {
    long a = script("en", SHORT);
    long id = experiment(1, 0, 1000, 5, "{\"id\":\"a\",\"scriptId\":" + a + "}");
    String early = uniqueOrderId();
    String late = uniqueOrderId();
    String latePhone = uniquePhone();
    publish(ENV.ordersTopic(), created(shopId, early, uniquePhone(), CLOCK.instant()));
    publish(ENV.ordersTopic(), created(shopId, late, latePhone, CLOCK.instant()));
    awaitPlanned(id, List.of(early, late));
    CLOCK.advance(Duration.ofMinutes(5));
    publish(ENV.ordersTopic(), paid(shopId, early, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(20)).until(() -> "CANCELLED".equals(smsTouch(early).get("state")));
    CLOCK.advance(SHOP_DELAY);
    dispatchAndAssertSent(List.of(latePhone));
    CLOCK.advance(Duration.ofMinutes(5));
    publish(ENV.ordersTopic(), paid(shopId, late, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(20)).until(() -> "PAID".equals(order(late).get("status")));

    assertThat(api().get("/api/v1/experiments/" + id + "/stats")).hasStatusOk().bodyJson().satisfies(json -> {
      assertThat(json).extractingPath("$.arms[0].sent").isEqualTo(1);
      assertThat(json).extractingPath("$.arms[0].recovered").isEqualTo(1);
      assertThat(json).extractingPath("$.arms[0].recoveredAmount[0].minor").isEqualTo(12800);
    });
  }

  @Test
  @DisplayName("attribution: the last touch before the payment gets the credit — a payment after the phone task is not the SMS arm's")
  void lastTouchBeforePaymentGetsTheCredit() {
    long a = script("en", SHORT);
    long id = experiment(1, 0, 1000, 8, "{\"id\":\"a\",\"scriptId\":" + a + "}");
    // high-value orders: SMS at +30 min, then a phone task at +1 h
    String afterSms = uniqueOrderId();
    String afterCall = uniqueOrderId();
    String phone1 = uniquePhone();
    String phone2 = uniquePhone();
    Instant t0 = CLOCK.instant();
    publish(ENV.ordersTopic(), ReminderTestSupport.anOrder(shopId, afterSms, "buyer-" + afterSms, phone1, t0, 60_000, null, null));
    publish(ENV.ordersTopic(), ReminderTestSupport.anOrder(shopId, afterCall, "buyer-" + afterCall, phone2, t0, 60_000, null, null));
    awaitPlanned(id, List.of(afterSms, afterCall));
    CLOCK.advance(SHOP_DELAY.plusMinutes(1));
    dispatchAndAssertSent(List.of(phone1, phone2));
    CLOCK.advance(Duration.ofMinutes(5));
    publish(ENV.ordersTopic(), paid(shopId, afterSms, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(20)).until(() -> "PAID".equals(order(afterSms).get("status")));
    CLOCK.advance(Duration.ofMinutes(30));
    dispatchDueNow();
    assertThat(touches(afterCall)).anyMatch(t -> "PHONE".equals(t.get("channel")) && "SENT".equals(t.get("state")));
    CLOCK.advance(Duration.ofMinutes(5));
    publish(ENV.ordersTopic(), paid(shopId, afterCall, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(20)).until(() -> "PAID".equals(order(afterCall).get("status")));

    assertThat(api().get("/api/v1/experiments/" + id + "/stats")).hasStatusOk().bodyJson().satisfies(json -> {
      assertThat(json).extractingPath("$.arms[0].sent").isEqualTo(2);
      assertThat(json).extractingPath("$.arms[0].recovered").isEqualTo(1);
      assertThat(json).extractingPath("$.arms[0].recoveredAmount[0].minor").isEqualTo(60000);
    });
  }

  @Test
  @DisplayName("statistics of a scripted scenario match the hand-computed values: rates, Wilson and Newcombe intervals, lift, opt-outs, segments, cost")
  void statsMatchHandComputedValues() {
    assertThat(api().put("/api/v1/scripts/settings", "{\"locale\":\"zh-CN\",\"smsMaxSegments\":2,\"smsSegmentPrice\":{\"minor\":5,\"currency\":\"CNY\"}}"))
        .hasStatusOk();
    long a = script("en", SHORT);
    long b = script("en", LONG);
    long id = experiment(1, 0.25, 100, 11, "{\"id\":\"a\",\"scriptId\":" + a + "}", "{\"id\":\"b\",\"scriptId\":" + b + "}");
    ExperimentDesign design = design(id);
    // four orders for each of a, b and the holdout, chosen by the seeded draw itself
    Map<String, List<String>> groups = new HashMap<>(Map.of("a", new ArrayList<>(), "b", new ArrayList<>(), "holdout", new ArrayList<>()));
    while (groups.values().stream().anyMatch(g -> g.size() < 4)) {
      String orderId = uniqueOrderId();
      String arm = armOf(Allocator.assign(design, orderId, Map.of()));
      List<String> group = groups.get(arm == null ? "holdout" : arm);
      if (group.size() < 4) {
        group.add(orderId);
      }
    }
    Map<String, String> phones = new HashMap<>();
    List<String> all = groups.values().stream().flatMap(List::stream).toList();
    for (String orderId : all) {
      phones.put(orderId, uniquePhone());
      publish(ENV.ordersTopic(), created(shopId, orderId, phones.get(orderId), CLOCK.instant()));
    }
    awaitPlanned(id, all);
    List<String> as = groups.get("a");
    List<String> bs = groups.get("b");
    List<String> hs = groups.get("holdout");

    // paid before any touch: a0 (its touch is cancelled) and h0 (paid before its touch would have gone)
    CLOCK.advance(Duration.ofMinutes(5));
    publish(ENV.ordersTopic(), paid(shopId, as.get(0), CLOCK.instant()));
    publish(ENV.ordersTopic(), paid(shopId, hs.get(0), CLOCK.instant()));
    await().atMost(Duration.ofSeconds(20)).until(() -> "PAID".equals(order(hs.get(0)).get("status")) && "PAID".equals(order(as.get(0)).get("status")));

    CLOCK.advance(SHOP_DELAY);
    dispatchAndAssertSent(List.of(phones.get(as.get(1)), phones.get(as.get(2)), phones.get(as.get(3)),
        phones.get(bs.get(0)), phones.get(bs.get(1)), phones.get(bs.get(2)), phones.get(bs.get(3))));
    Map<String, Object> touchA = smsTouch(as.get(1));
    assertThat(((Number) touchA.get("script_id")).longValue()).isEqualTo(a);
    assertThat(touchA.get("script_version")).isEqualTo(1);
    assertThat(touchA.get("body")).isEqualTo("Order " + as.get(1) + " is still unpaid. Need help paying? Just reply. STOP to opt out");
    assertThat(((Number) smsTouch(bs.get(0)).get("script_id")).longValue()).isEqualTo(b);

    // after the SMS: a1, a2, b0 and the held-out h1 pay; b1's buyer opts out
    CLOCK.advance(Duration.ofMinutes(5));
    for (String orderId : List.of(as.get(1), as.get(2), bs.get(0), hs.get(1))) {
      publish(ENV.ordersTopic(), paid(shopId, orderId, CLOCK.instant()));
    }
    assertThat(api().post("/api/v1/opt-outs", "{\"channel\":\"SMS\",\"phone\":\"" + phones.get(bs.get(1)) + "\",\"reason\":\"test\"}"))
        .hasStatus2xxSuccessful();
    await().atMost(Duration.ofSeconds(20))
        .until(() -> List.of(as.get(1), as.get(2), bs.get(0), hs.get(1)).stream().allMatch(o -> "PAID".equals(order(o).get("status"))));

    // the unpaid orders stay pending until their payment deadline (72 h) has passed
    String early = body(api().get("/api/v1/experiments/" + id + "/stats"), HttpStatus.OK);
    assertThat((Integer) JsonPath.read(early, "$.arms[0].pending")).isEqualTo(1);
    assertThat((Integer) JsonPath.read(early, "$.arms[1].pending")).isEqualTo(3);
    assertThat((Integer) JsonPath.read(early, "$.holdout.pending")).isEqualTo(2);
    CLOCK.advance(Duration.ofHours(72));

    String stats = body(api().get("/api/v1/experiments/" + id + "/stats"), HttpStatus.OK);
    assertThat((Integer) JsonPath.read(stats, "$.arms[0].assigned")).isEqualTo(4);
    assertThat((Integer) JsonPath.read(stats, "$.arms[0].excluded")).isEqualTo(1);
    assertThat((Integer) JsonPath.read(stats, "$.arms[0].reached")).isEqualTo(3);
    assertThat((Integer) JsonPath.read(stats, "$.holdout.assigned")).isEqualTo(4);
    assertThat((Integer) JsonPath.read(stats, "$.holdout.excluded")).isEqualTo(1);
    assertThat((Integer) JsonPath.read(stats, "$.holdout.pending")).isZero();
    // arm a: 3 sent (a0 paid first), 2 recovered; one segment each at 5 fen
    assertArm(stats, 0, 3, 2, 2 * 12_800, 0, 3, 3);
    // arm b: 4 sent, 1 recovered, 1 opt-out; two segments each
    assertArm(stats, 1, 4, 1, 12_800, 1, 4, 8);
    // holdout: h0 paid before its touch would have gone (not counted); of h1..h3, h1 paid
    assertThat((Integer) JsonPath.read(stats, "$.holdout.orders")).isEqualTo(3);
    assertThat((Integer) JsonPath.read(stats, "$.holdout.recovered")).isEqualTo(1);
    assertThat(number(stats, "$.holdout.rate")).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(number(stats, "$.holdout.recoveredAmount[0].minor")).isEqualTo(12_800);

    double[] wilsonA = wilson(2, 3);
    assertThat(number(stats, "$.arms[0].rate")).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(number(stats, "$.arms[0].rateInterval.lower")).isCloseTo(wilsonA[0], within(1e-9));
    assertThat(number(stats, "$.arms[0].rateInterval.upper")).isCloseTo(wilsonA[1], within(1e-9));
    assertThat(number(stats, "$.arms[0].lift")).isCloseTo(2.0 / 3 - 1.0 / 3, within(1e-9));
    double[] liftA = newcombe(2, 3, 1, 3);
    assertThat(number(stats, "$.arms[0].liftInterval.lower")).isCloseTo(liftA[0], within(1e-9));
    assertThat(number(stats, "$.arms[0].liftInterval.upper")).isCloseTo(liftA[1], within(1e-9));
    assertThat(number(stats, "$.arms[0].cost.minor")).isCloseTo(15, within(1e-9));
    assertThat(number(stats, "$.arms[0].returnOnCost")).isCloseTo(25_600 / 15.0, within(1e-9));

    assertThat(number(stats, "$.arms[1].rate")).isCloseTo(0.25, within(1e-9));
    assertThat(number(stats, "$.arms[1].lift")).isCloseTo(0.25 - 1.0 / 3, within(1e-9));
    double[] liftB = newcombe(1, 4, 1, 3);
    assertThat(number(stats, "$.arms[1].liftInterval.lower")).isCloseTo(liftB[0], within(1e-9));
    assertThat(number(stats, "$.arms[1].liftInterval.upper")).isCloseTo(liftB[1], within(1e-9));
    assertThat(number(stats, "$.arms[1].optOutRate")).isCloseTo(0.25, within(1e-9));
    assertThat((Boolean) JsonPath.read(stats, "$.arms[1].optOutFlag")).isFalse();
    assertThat(number(stats, "$.arms[1].cost.minor")).isCloseTo(40, within(1e-9));
    assertThat(number(stats, "$.arms[1].returnOnCost")).isCloseTo(12_800 / 40.0, within(1e-9));

    assertThat(number(stats, "$.arms[0].probabilityBest") + number(stats, "$.arms[1].probabilityBest")).isCloseTo(1, within(1e-9));
    assertThat(number(stats, "$.arms[0].probabilityBest")).isGreaterThan(0.5);
    assertThat(JsonPath.<Object>read(stats, "$.winner")).isNull(); // no arm has its minimum sample of 100

    // every interval says what it is; the always-valid lift interval is wider than the fixed-sample one
    assertThat(JsonPath.<String>read(stats, "$.arms[0].rateInterval.kind")).isEqualTo("fixed-sample 95% Wilson");
    assertThat(JsonPath.<String>read(stats, "$.holdout.rateInterval.kind")).isEqualTo("fixed-sample 95% Wilson");
    assertThat(JsonPath.<String>read(stats, "$.arms[0].liftInterval.kind")).isEqualTo("fixed-sample 95% Newcombe");
    assertThat(JsonPath.<String>read(stats, "$.arms[0].alwaysValidLiftInterval.kind")).startsWith("always-valid 95%");
    assertThat(number(stats, "$.arms[0].alwaysValidLiftInterval.lower")).isLessThan(number(stats, "$.arms[0].liftInterval.lower"));
    assertThat(JsonPath.<String>read(stats, "$.arms[0].leadInterval.kind")).startsWith("always-valid 95%");
    assertThat(number(stats, "$.arms[0].leadInterval.lower")).isCloseTo(-number(stats, "$.arms[1].leadInterval.upper"), within(1e-9));
    assertThat(JsonPath.<String>read(stats, "$.winnerRule")).contains("always-valid");
  }

  private void assertArm(String stats, int arm, int sent, int recovered, long amount, int optOuts, int messages, int segments) {
    String at = "$.arms[" + arm + "].";
    assertThat((Integer) JsonPath.read(stats, at + "sent")).isEqualTo(sent);
    assertThat((Integer) JsonPath.read(stats, at + "recovered")).isEqualTo(recovered);
    assertThat(number(stats, at + "recoveredAmount[0].minor")).isEqualTo(amount);
    assertThat((String) JsonPath.read(stats, at + "recoveredAmount[0].currency")).isEqualTo("CNY");
    assertThat((Integer) JsonPath.read(stats, at + "optOuts")).isEqualTo(optOuts);
    assertThat((Integer) JsonPath.read(stats, at + "messages")).isEqualTo(messages);
    assertThat((Integer) JsonPath.read(stats, at + "segments")).isEqualTo(segments);
    assertThat((Boolean) JsonPath.read(stats, at + "reachedMinimum")).isFalse();
  }

  /** The 95% Wilson score interval, written out from the formula. */
  private static double[] wilson(int k, int n) {
    double z = 1.959963984540054;
    double p = (double) k / n;
    double centre = (p + z * z / (2.0 * n)) / (1 + z * z / n);
    double half = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  /** Newcombe's hybrid score interval for p1 - p0, from the two Wilson intervals. */
  private static double[] newcombe(int k1, int n1, int k0, int n0) {
    double p1 = (double) k1 / n1;
    double p0 = (double) k0 / n0;
    double[] w1 = wilson(k1, n1);
    double[] w0 = wilson(k0, n0);
    double d = p1 - p0;
    return new double[] {
      d - Math.sqrt(Math.pow(p1 - w1[0], 2) + Math.pow(w0[1] - p0, 2)),
      d + Math.sqrt(Math.pow(w1[1] - p1, 2) + Math.pow(p0 - w0[0], 2))
    };
  }

  private static double number(String json, String path) {
    return ((Number) JsonPath.read(json, path)).doubleValue();
  }

  private static String armOf(Assignment assignment) {
    return assignment instanceof Assignment.ToArm toArm ? toArm.arm().id() : null;
  }

  private long script(String locale, String text) {
    String created = body(api().post("/api/v1/scripts", "{\"name\":\"s\",\"channel\":\"sms\",\"locale\":\"" + locale + "\",\"text\":\"" + text + "\"}"),
        HttpStatus.CREATED);
    return ((Number) JsonPath.read(created, "$.id")).longValue();
  }

  private long experiment(int tier, double holdout, int minSample, long seed, String... arms) {
    String created = body(
        api().post("/api/v1/experiments", "{\"name\":\"test\",\"tier\":" + tier + ",\"holdoutShare\":" + holdout + ",\"minSamplePerArm\":" + minSample
            + ",\"seed\":" + seed + ",\"arms\":[" + String.join(",", arms) + "]}"),
        HttpStatus.CREATED);
    return ((Number) JsonPath.read(created, "$.id")).longValue();
  }

  @Autowired Experiments experiments;

  private ExperimentDesign design(long id) {
    return experiments.find(shopId, id).design();
  }

  /** Waits until every order has its SMS touch or its holdout record. */
  private void awaitPlanned(long id, java.util.Collection<String> orderIds) {
    await().atMost(Duration.ofSeconds(30)).until(
        () -> orderIds.stream().allMatch(o -> hasSmsTouch(o) || holdoutDue(id, o) != null));
  }

  /** Dispatches what is due and checks that each of these buyers got their SMS. */
  private void dispatchAndAssertSent(List<String> phones) {
    dispatchDueNow();
    assertThat(phones).allSatisfy(p -> assertThat(ReminderTestSupport.twilioStub().messages()).anyMatch(m -> p.equals(m.to())));
    assertThat(jdbc.sql("select count(*) from touch where shop_id = ? and state = 'SENDING'").param(shopId).query(Long.class).single())
        .isZero();
  }

  private Instant holdoutDue(long id, String orderId) {
    return jdbc.sql("select would_due_at from experiment_holdout where experiment_id = ? and order_id = ?")
        .params(id, orderId)
        .query((rs, n) -> Timestamps.fromDb(rs, "would_due_at"))
        .optional()
        .orElse(null);
  }

  private List<String> decisions(String orderId) {
    return jdbc.sql("select decision || ': ' || reason from touch_decision where shop_id = ? and order_id = ? order by decision_id")
        .params(shopId, orderId)
        .query(String.class)
        .list();
  }

  /** The API as this test's shop. */
  private ShopApi api() {
    return new ShopApi(mvc, shopId);
  }

  private static String body(MvcTestResult result, HttpStatus expected) {
    return ShopApi.body(result, expected);
  }
}
