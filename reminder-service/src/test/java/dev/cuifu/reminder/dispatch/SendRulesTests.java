package dev.cuifu.reminder.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.reminder.plan.CancelCause;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.reminder.touch.ClaimedTouch;
import dev.cuifu.reminder.touch.OrderStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The send-time rules as verdicts alone: no database, no provider, no clock but the {@code now}
 * each case names (10:00 in Shanghai unless it says otherwise).
 */
class SendRulesTests {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final Instant TEN_AM = ZonedDateTime.of(2026, 11, 12, 10, 0, 0, 0, SHANGHAI).toInstant();
  private static final String SHOP = "shop-1";
  private static final String PHONE = "+8613912345678";
  private static final ShopPolicy POLICY =
      new ShopPolicy(
          new ShopPolicy.Sms(true, Duration.ofMinutes(30), "+14155550100"),
          new ShopPolicy.Chat(true, Duration.ofDays(1), null),
          new ShopPolicy.Phone(true, Duration.ofHours(1), 50_000, 1, true),
          0, Duration.ofHours(72), SHANGHAI,
          new ShopPolicy.QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)),
          new ShopPolicy.FrequencyCap(1, Duration.ofHours(24)), null);
  private static final BuyerFacts NOTHING_KNOWN = new BuyerFacts(Set.of(), Map.of());

  private final SendRules rules = new SendRules();
  private long nextId = 1;

  private ClaimedTouch touch(Channel channel, OrderStatus status, Instant deadline, boolean shopKnown) {
    long id = nextId++;
    return new ClaimedTouch(
        id, UUID.randomUUID(), SHOP, "order-" + id, channel.name(), TEN_AM, status, "buyer", PHONE, "wangwang:b", null,
        SHANGHAI, "羊毛围巾", 12_800L, "CNY", deadline, shopKnown ? "小店" : null, "+14155550100", SHANGHAI, null);
  }

  private ClaimedTouch due(Channel channel) {
    return touch(channel, OrderStatus.UNPAID, TEN_AM.plus(Duration.ofHours(48)), true);
  }

  private List<Verdict> verdicts(List<ClaimedTouch> due, BuyerFacts facts, Instant now) {
    return rules.judge(due, POLICY, facts, now).stream().map(SendRules.Judged::verdict).toList();
  }

  @Test
  @DisplayName("rule: the order is re-checked first: paid or closed → cancelled, past its deadline → expired, shop unknown → retried")
  void theOrderItself() {
    List<ClaimedTouch> due =
        List.of(
            touch(Channel.SMS, OrderStatus.PAID, TEN_AM.plus(Duration.ofHours(48)), true),
            touch(Channel.SMS, OrderStatus.CLOSED, TEN_AM.plus(Duration.ofHours(48)), true),
            touch(Channel.SMS, OrderStatus.UNPAID, TEN_AM, true),
            touch(Channel.SMS, OrderStatus.UNPAID, TEN_AM.plus(Duration.ofHours(48)), false),
            due(Channel.SMS));

    assertThat(verdicts(due, NOTHING_KNOWN, TEN_AM))
        .containsExactly(
            new Verdict.Cancel(CancelCause.ORDER_PAID),
            new Verdict.Cancel(CancelCause.ORDER_CLOSED),
            new Verdict.Expire("payment deadline passed before sending"),
            new Verdict.Retry("shop shop-1 not known yet"),
            Verdict.SEND);
  }

  @Test
  @DisplayName("rule: a buyer opted out of the channel → every due touch of theirs skipped")
  void optedOut() {
    BuyerFacts facts = new BuyerFacts(Set.of(BuyerFacts.key(SHOP, "SMS", PHONE)), Map.of());

    assertThat(verdicts(List.of(due(Channel.SMS), due(Channel.SMS)), facts, TEN_AM))
        .containsOnly(new Verdict.Skip("buyer opted out of SMS"));
    assertThat(verdicts(List.of(due(Channel.CHAT)), facts, TEN_AM)).as("opted out of SMS only").containsOnly(Verdict.SEND);
  }

  @Test
  @DisplayName("rule: in the buyer's quiet hours → deferred to their end")
  void quietHours() {
    Instant elevenPm = TEN_AM.plus(Duration.ofHours(13));

    assertThat(verdicts(List.of(due(Channel.SMS)), NOTHING_KNOWN, elevenPm))
        .singleElement()
        .isInstanceOfSatisfying(Verdict.Defer.class, defer -> {
          assertThat(defer.at()).isEqualTo(TEN_AM.plus(Duration.ofHours(22))); // 08:00 the next day
          assertThat(defer.reason()).startsWith("quiet hours 21:00–08:00");
        });
  }

  @Test
  @DisplayName("rule: the frequency cap reached → deferred until it frees; phone tasks are not messages and never capped")
  void frequencyCap() {
    Instant sent = TEN_AM.minus(Duration.ofHours(2));
    BuyerFacts facts = new BuyerFacts(Set.of(), Map.of(BuyerFacts.key(SHOP, "", PHONE), List.of(sent)));

    assertThat(verdicts(List.of(due(Channel.SMS)), facts, TEN_AM))
        .containsExactly(new Verdict.Defer(sent.plus(Duration.ofHours(24)), "frequency cap: 1 message(s) per PT24H reached; deferred"));
    assertThat(verdicts(List.of(due(Channel.PHONE)), facts, TEN_AM)).containsExactly(Verdict.SEND);
  }
}
