package dev.cuifu.reminder.timeline;

import static dev.cuifu.reminder.ReminderTestSupport.anOrder;
import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static dev.cuifu.reminder.ReminderTestSupport.paid;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.cuifu.common.event.OrderCreated;
import java.util.HashMap;
import dev.cuifu.reminder.ReminderIntegrationTest;
import dev.cuifu.reminder.order.OrderEventProcessor;
import dev.cuifu.reminder.ops.Timestamps;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Planning writes no decision row per planned touch (V27), nor the cancel path per touch it cancels
 * (V29): the touch row is its own PLANNED and CANCELLED entry on the order's timeline. The story a
 * shop reads must be the one it read when every plan and cancellation had a decision row, for
 * orders planned and paid now and for orders planned and paid before the change.
 */
class PlannedStoryIntegrationTests extends ReminderIntegrationTest {

  @Autowired MockMvcTester mvc;
  @Autowired OrderEventProcessor events;

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  void aPlannedOrderWritesNoDecisionRowPerTouchAndItsStoryStillShowsEachPlanOnceWithItsReason() {
    String orderId = uniqueOrderId();
    Instant at = CLOCK.instant();
    OrderCreated order = anOrder(shopId, orderId, "buyer-" + orderId, uniquePhone(), at, 1_280_000L, "请打电话", null);

    events.apply(List.of(order));
    events.apply(List.of(order)); // a redelivered batch plans nothing twice
    Map<Object, String> notes = plannerNotes(orderId);
    CLOCK.advance(Duration.ofMinutes(1));
    events.apply(List.of(paid(shopId, orderId, CLOCK.instant())));

    List<Map<String, Object>> touches = touches(orderId);
    assertThat(touches).as("an SMS, a chat and a phone tier").hasSize(3);
    assertThat(decisionRows(orderId, "PLANNED")).as("PLANNED decision rows written").isZero();
    assertThat(decisionRows(orderId, "CANCELLED")).as("CANCELLED decision rows written").isZero();
    List<Map<String, Object>> story = story(orderId);
    assertThat(story).extracting(e -> e.get("kind") + " " + e.get("what"))
        .containsExactly(
            "EVENT OrderCreated", "TOUCH PLANNED", "TOUCH PLANNED", "TOUCH PLANNED",
            "EVENT OrderPaid", "TOUCH CANCELLED", "TOUCH CANCELLED", "TOUCH CANCELLED");
    for (int i = 0; i < touches.size(); i++) {
      Map<String, Object> touch = touches.get(i);
      Map<String, Object> planned = story.get(1 + i);
      assertThat(planned.get("at")).isEqualTo(at.toString());
      assertThat(planned.get("tier")).isEqualTo(((Number) touch.get("tier")).intValue());
      assertThat(planned.get("channel")).isEqualTo(touch.get("channel"));
      assertThat(((Number) planned.get("touchId")).longValue()).isEqualTo(((Number) touch.get("touch_id")).longValue());
      assertThat(planned.get("reason")).isEqualTo(legacyReason(instantOf(touch.get("due_at")), notes.get(touch.get("touch_id"))));
    }
    assertThat(story.get(3).get("reason")).as("the phone tier says why it was chosen").asString().contains("high value");
    for (int i = 0; i < touches.size(); i++) {
      Map<String, Object> cancelled = story.get(5 + i);
      assertThat(cancelled.get("at")).isEqualTo(CLOCK.instant().toString());
      assertThat(cancelled.get("reason")).isEqualTo("order paid");
      assertThat(((Number) cancelled.get("touchId")).longValue()).isEqualTo(((Number) touches.get(i).get("touch_id")).longValue());
    }
  }

  @Test
  void anOrderPlannedBeforeTheChangeIsToldTheSameWayFromItsDecisionRowsAndNothingTwice() {
    String orderId = uniqueOrderId();
    Instant at = CLOCK.instant();
    events.apply(List.of(anOrder(shopId, orderId, "buyer-" + orderId, uniquePhone(), at, 1_280_000L, "请打电话", null)));
    Map<Object, String> notes = plannerNotes(orderId);
    events.apply(List.of(paid(shopId, orderId, at.plusSeconds(5))));
    List<Map<String, Object>> toldFromTouches = story(orderId);

    storeAsBeforeTheChange(orderId, notes);

    assertThat(decisionRows(orderId, "PLANNED")).isEqualTo(3);
    assertThat(decisionRows(orderId, "CANCELLED")).isEqualTo(3);
    assertThat(story(orderId)).isEqualTo(toldFromTouches);
  }

  /**
   * What planning stored before V27 and cancelling before V29, and what they leave of such orders:
   * a PLANNED decision row per touch (worded as the planner worded it, before the order's later
   * decisions), a CANCELLED one per touch its payment cancelled, and touches telling neither.
   */
  private void storeAsBeforeTheChange(String orderId, Map<Object, String> notes) {
    List<Map<String, Object>> later =
        jdbc.sql("select * from touch_decision where shop_id = ? and order_id = ? order by decision_id").params(shopId, orderId).query().listOfRows();
    jdbc.sql("delete from touch_decision where shop_id = ? and order_id = ?").params(shopId, orderId).update();
    for (Map<String, Object> touch : touches(orderId)) {
      insertDecision(orderId, touch.get("touch_id"), touch.get("tier"), touch.get("channel"), "PLANNED",
          legacyReason(instantOf(touch.get("due_at")), notes.get(touch.get("touch_id"))), instantOf(touch.get("planned_at")));
    }
    for (Map<String, Object> row : later) {
      insertDecision(orderId, row.get("touch_id"), row.get("tier"), row.get("channel"), (String) row.get("decision"),
          (String) row.get("reason"), instantOf(row.get("decided_at")));
    }
    for (Map<String, Object> touch : touches(orderId)) {
      if (touch.get("cancelled_at") != null) {
        insertDecision(orderId, touch.get("touch_id"), touch.get("tier"), touch.get("channel"), "CANCELLED",
            (String) touch.get("state_reason"), instantOf(touch.get("cancelled_at")));
      }
    }
    jdbc.sql("update touch set story_from_touch = false, plan_note = null, cancelled_at = null where shop_id = ? and order_id = ?")
        .params(shopId, orderId)
        .update();
  }

  private void insertDecision(String orderId, Object touchId, Object tier, Object channel, String decision, String reason, Instant at) {
    jdbc.sql(
            """
            insert into touch_decision (shop_id, order_id, touch_id, tier, channel, decision, reason, decided_at)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(shopId, orderId, touchId, tier, channel, decision, reason, Timestamps.toDb(at))
        .update();
  }

  /** The planner's wording of a PLANNED decision before V27 (no experiment here). */
  private static String legacyReason(Instant dueAt, String note) {
    return "due " + dueAt + (note == null ? "" : "; " + note);
  }

  /** Each touch's note as the planner gave it: its state reason while it is PLANNED. */
  private Map<Object, String> plannerNotes(String orderId) {
    Map<Object, String> notes = new HashMap<>();
    for (Map<String, Object> touch : touches(orderId)) {
      assertThat(touch.get("state")).isEqualTo("PLANNED");
      notes.put(touch.get("touch_id"), (String) touch.get("state_reason"));
    }
    return notes;
  }

  private long decisionRows(String orderId, String decision) {
    return jdbc.sql("select count(*) from touch_decision where shop_id = ? and order_id = ? and decision = ?")
        .params(shopId, orderId, decision)
        .query(Long.class)
        .single();
  }

  private List<Map<String, Object>> story(String orderId) {
    byte[] body = mvc.get().uri("/api/v1/orders/{id}/timeline", orderId).header("X-Api-Key", apiKey(shopId)).exchange().getResponse().getContentAsByteArray();
    String json = new String(body, StandardCharsets.UTF_8);
    return JsonPath.read(json, "$.entries");
  }
}
