package dev.cuifu.reminder.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.common.orderfile.OrderRow;
import dev.cuifu.reminder.policy.ShopPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live rules, as a replay applies them to a few orders of named buyers. */
class BacktestRulesTests {

  private static final Instant NOON = Instant.parse("2026-03-02T04:00:00Z"); // 12:00 in Shanghai

  private static OrderRow order(long line, String phone, Instant created, Instant paid, long amountMinor) {
    return new OrderRow(line, "o" + line, created, paid, amountMinor, "CNY", null, phone, null, 0);
  }

  private static ShopPolicy policy(boolean chat, boolean phone, int maxMessages) {
    return new ShopPolicy(
        new ShopPolicy.Sms(true, Duration.ofMinutes(30), "+8613800138000"),
        new ShopPolicy.Chat(chat, Duration.ofHours(2), null),
        new ShopPolicy.Phone(phone, Duration.ofHours(1), 50_000, 1, true),
        1_000,
        Duration.ofHours(72),
        ZoneId.of("Asia/Shanghai"),
        new ShopPolicy.QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)),
        new ShopPolicy.FrequencyCap(maxMessages, Duration.ofHours(24)),
        null);
  }

  @Test
  void aBuyersUnpaidOrdersTravelInOneSmsAndTheCapHoldsBackTheChatMessage() {
    List<OrderRow> rows =
        List.of(
            order(2, "+8613800000001", NOON, null, 10_000),
            order(3, "+8613800000001", NOON.plusSeconds(600), null, 20_000),
            order(4, "+8613800000002", NOON, null, 10_000));

    BacktestReport report = Backtest.run(rows, policy(true, false, 1), BacktestSettings.defaults(), n -> {});

    assertThat(report.smsMessages()).as("one SMS per buyer, the second order merged in").isEqualTo(2);
    assertThat(report.mergedOrders()).isEqualTo(1);
    assertThat(report.tier(1).reminded()).isEqualTo(3);
    // the chat tier falls due 2 h later, within the 24 h window of the SMS: deferred, then sent
    assertThat(report.tier(2).deferredByFrequencyCap()).isEqualTo(3);
    assertThat(report.tier(2).reminded()).isEqualTo(3);
    assertThat(report.chatMessages()).isEqualTo(3);
    // the three chat messages all wait for the cap to free at 12:30 the next day
    assertThat(report.peakSendsPerMinute()).isEqualTo(3);
    assertThat(report.peakMinute()).isEqualTo(NOON.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(30)));
  }

  @Test
  void theMinimumAmountAndThePhoneTiersReasonsFilterOrders() {
    List<OrderRow> rows =
        List.of(
            order(2, "+8613800000001", NOON.minus(Duration.ofDays(1)), NOON.minus(Duration.ofDays(1)).plusSeconds(5), 10_000),
            order(3, "+8613800000001", NOON, null, 10_000), // a returning buyer: a phone task
            order(4, "+8613800000002", NOON, null, 60_000), // high value: a phone task
            order(5, "+8613800000003", NOON, null, 10_000), // neither
            order(6, "+8613800000004", NOON, null, 500)); // below the shop's minimum

    BacktestReport report = Backtest.run(rows, policy(false, true, 1), BacktestSettings.defaults(), n -> {});

    assertThat(report.belowMinimum()).isEqualTo(1);
    assertThat(report.tier(3).planned()).isEqualTo(2);
    assertThat(report.phoneTasks()).isEqualTo(2);
    assertThat(report.tier(1).cancelledPaid()).isEqualTo(1);
    assertThat(report.ordersReminded()).isEqualTo(3);
    assertThat(report.remindedNeverPaid()).isEqualTo(3);
  }

  @Test
  void quietHoursThatWouldSwallowTheDeadlineSendBeforeThemOrNotAtAll() {
    ShopPolicy shortDeadline =
        new ShopPolicy(
            new ShopPolicy.Sms(true, Duration.ofMinutes(30), "+8613800138000"),
            new ShopPolicy.Chat(false, Duration.ofHours(2), null),
            new ShopPolicy.Phone(false, Duration.ofHours(1), 50_000, 1, true),
            0,
            Duration.ofHours(2),
            ZoneId.of("Asia/Shanghai"),
            new ShopPolicy.QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)),
            new ShopPolicy.FrequencyCap(1, Duration.ofHours(24)),
            null);
    Instant evening = Instant.parse("2026-03-02T12:45:00Z"); // 20:45: due 21:15, deadline 22:45
    Instant night = Instant.parse("2026-03-02T14:00:00Z"); // 22:00: due 22:30, deadline 00:00

    BacktestReport report =
        Backtest.run(
            List.of(order(2, "+8613800000001", evening, null, 100), order(3, "+8613800000002", night, null, 100)),
            shortDeadline, BacktestSettings.defaults(), n -> {});

    assertThat(report.tier(1).deferredByQuietHours()).as("moved to 20:59, before the window").isEqualTo(1);
    assertThat(report.tier(1).reminded()).isEqualTo(1);
    assertThat(report.tier(1).droppedAtPlanning()).as("no allowed moment before midnight").isEqualTo(1);
    assertThat(report.droppedByDeadline()).isEqualTo(1);
  }
}
