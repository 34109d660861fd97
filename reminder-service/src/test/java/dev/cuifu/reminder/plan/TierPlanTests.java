package dev.cuifu.reminder.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.common.event.Money;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TierPlanTests {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  // 10:00 in Shanghai: every default delay lands in the day
  private static final Instant PLACED = Instant.parse("2026-11-11T02:00:00Z");
  private static final Instant DEADLINE = PLACED.plus(Duration.ofHours(72));

  private static PlanningPolicy policy() {
    return new PlanningPolicy(
        true, Duration.ofMinutes(30), true, Duration.ofDays(1), true, Duration.ofHours(1),
        50_000, 1, true, 0, Duration.ofHours(72), SHANGHAI,
        new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)));
  }

  private static OrderCreated order(long amountMinor, String note) {
    return new OrderCreated(
        "e1", OrderEvent.SCHEMA_VERSION, "shop", "o1", PLACED, "buyer", "+8613800138000", null, SHANGHAI,
        new Money(amountMinor, "CNY"), "item", note, null, false);
  }

  private static java.util.List<Channel> channels(TierPlan.Result result) {
    return result.planned().stream().map(TierPlan.Planned::channel).toList();
  }

  @Test
  @DisplayName("rule: an ordinary order gets an SMS at +30 min and a chat the next day, no phone task")
  void ordinaryOrder() {
    TierPlan.Result result = TierPlan.plan(order(12_800, null), policy(), DEADLINE, 0);
    assertThat(channels(result)).containsExactly(Channel.SMS, Channel.CHAT);
    assertThat(result.planned().get(0).dueAt()).isEqualTo(PLACED.plus(Duration.ofMinutes(30)));
    assertThat(result.planned().get(1).dueAt()).isEqualTo(PLACED.plus(Duration.ofDays(1)));
  }

  @Test
  @DisplayName("rule: an experiment arm's delay replaces the tier's, and quiet hours still move it (10:00 + 12 h is 22:00: moved to 08:00)")
  void armDelayGoesThroughTheSameRules() {
    TierPlan.Result result =
        TierPlan.plan(order(12_800, null), policy(), DEADLINE, 0, java.util.Map.of(TierPlan.SMS_TIER, Duration.ofHours(2)));
    assertThat(result.planned().get(0).dueAt()).isEqualTo(PLACED.plus(Duration.ofHours(2)));
    assertThat(result.planned().get(1).dueAt()).isEqualTo(PLACED.plus(Duration.ofDays(1)));

    TierPlan.Planned late =
        TierPlan.plan(order(12_800, null), policy(), DEADLINE, 0, java.util.Map.of(TierPlan.SMS_TIER, Duration.ofHours(12))).planned().get(0);
    assertThat(late.dueAt()).isEqualTo(Instant.parse("2026-11-12T00:00:00Z"));
    assertThat(late.note()).isNotNull();
  }

  @Test
  @DisplayName("rule: high value, a returning buyer and a buyer note each earn a phone task at +1 h")
  void phoneTaskCriteria() {
    assertThat(channels(TierPlan.plan(order(50_000, null), policy(), DEADLINE, 0))).contains(Channel.PHONE);
    assertThat(channels(TierPlan.plan(order(12_800, null), policy(), DEADLINE, 1))).contains(Channel.PHONE);
    assertThat(channels(TierPlan.plan(order(12_800, "请发顺丰"), policy(), DEADLINE, 0))).contains(Channel.PHONE);
    assertThat(channels(TierPlan.plan(order(49_999, "  "), policy(), DEADLINE, 0))).doesNotContain(Channel.PHONE);

    TierPlan.Planned phone = TierPlan.plan(order(60_000, null), policy(), DEADLINE, 3).planned().get(2);
    assertThat(phone.dueAt()).isEqualTo(PLACED.plus(Duration.ofHours(1)));
    assertThat(phone.note()).contains("high value").contains("returning buyer (3 paid orders)");
  }

  @Test
  @DisplayName("rule: a tier due after the payment deadline is skipped with the reason")
  void deadlineBoundsEveryTier() {
    Instant shortDeadline = PLACED.plus(Duration.ofHours(12));
    TierPlan.Result result = TierPlan.plan(order(12_800, null), policy(), shortDeadline, 0);
    assertThat(channels(result)).containsExactly(Channel.SMS);
    assertThat(result.skipped()).singleElement().satisfies(s -> {
      assertThat(s.channel()).isEqualTo(Channel.CHAT);
      assertThat(s.reason()).contains("deadline");
    });
  }

  @Test
  @DisplayName("rule: orders below the shop's minimum amount are not reminded at all")
  void minimumAmount() {
    PlanningPolicy p = policy();
    PlanningPolicy withMinimum = new PlanningPolicy(
        p.smsEnabled(), p.smsDelay(), p.chatEnabled(), p.chatDelay(), p.phoneEnabled(), p.phoneDelay(),
        p.phoneMinAmountMinor(), p.returningBuyerMinPaidOrders(), p.phoneOnBuyerNote(), 10_000,
        p.defaultPaymentDeadline(), p.shopTimeZone(), p.quietHours());
    assertThat(TierPlan.plan(order(9_999, "note"), withMinimum, DEADLINE, 5).planned()).isEmpty();
  }

  @Test
  @DisplayName("rule: an SMS that would fall in the buyer's quiet hours is planned for their end")
  void quietHoursAtPlanning() {
    Instant lateEvening = Instant.parse("2026-11-11T12:50:00Z"); // 20:50 in Shanghai
    OrderCreated order = new OrderCreated(
        "e1", OrderEvent.SCHEMA_VERSION, "shop", "o1", lateEvening, "buyer", "+8613800138000", null, SHANGHAI,
        new Money(12_800L, "CNY"), "item", null, null, false);
    TierPlan.Planned sms = TierPlan.plan(order, policy(), lateEvening.plus(Duration.ofHours(72)), 0).planned().get(0);
    assertThat(sms.dueAt()).isEqualTo(Instant.parse("2026-11-12T00:00:00Z")); // 08:00 next morning
    assertThat(sms.note()).contains("quiet hours");
  }
}
