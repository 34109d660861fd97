package dev.cuifu.reminder.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.common.orderfile.OrderRow;
import dev.cuifu.reminder.policy.ShopPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The backtest's sends per hour of day: counted where each message went out, in the policy's zone, after quiet hours moved it. */
class BacktestHourlySendsTests {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  private static Instant shanghai(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
  }

  private static OrderRow order(long line, Instant created, Instant paid, long amountMinor) {
    return new OrderRow(line, "o" + line, created, paid, amountMinor, "CNY", null, "+861380000000" + line, null, 0);
  }

  /** SMS after 30 min, chat after 2 h, phone after 1 h for orders of 500.00 or more; quiet 21:00–08:00; 3 messages a day. */
  private static final ShopPolicy POLICY =
      new ShopPolicy(
          new ShopPolicy.Sms(true, Duration.ofMinutes(30), "+8613800138000"),
          new ShopPolicy.Chat(true, Duration.ofHours(2), null),
          new ShopPolicy.Phone(true, Duration.ofHours(1), 50_000, 1, true),
          0,
          Duration.ofHours(72),
          SHANGHAI,
          new ShopPolicy.QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)),
          new ShopPolicy.FrequencyCap(3, Duration.ofHours(24)),
          null);

  private static final List<OrderRow> ROWS =
      List.of(
          order(2, shanghai("2026-03-02T12:00"), null, 10_000), // SMS 12:30, chat 14:00
          order(3, shanghai("2026-03-02T12:00"), null, 60_000), // SMS 12:30, phone 13:00, chat 14:00
          order(4, shanghai("2026-03-02T22:00"), null, 10_000), // SMS due 22:30 and chat due 00:00: both at 08:00
          order(5, shanghai("2026-03-02T20:45"), null, 10_000), // SMS due 21:15: 08:00; chat due 22:45: 08:00
          order(6, shanghai("2026-03-02T22:10"), shanghai("2026-03-02T22:20"), 10_000)); // paid before anything fell due

  @Test
  void eachMessageIsCountedInTheHourItWentOutInThePolicysZoneAndTheHoursAddUpToTheTotals() {
    BacktestReport report = Backtest.run(ROWS, POLICY, BacktestSettings.defaults(), n -> {});
    HourlySends hours = report.sendsByHour();

    assertThat(hours.timeZone()).isEqualTo("Asia/Shanghai");
    assertThat(hours.sms()).hasSize(24);
    assertThat(hours.sms().get(12)).isEqualTo(2);
    assertThat(hours.sms().get(8)).as("the two SMS quiet hours held back go out at 08:00").isEqualTo(2);
    assertThat(hours.chat().get(14)).isEqualTo(2);
    assertThat(hours.chat().get(8)).isEqualTo(2);
    assertThat(hours.phone().get(13)).isEqualTo(1);
    assertThat(sum(hours.sms())).as("hourly SMS add up to the SMS messages").isEqualTo(report.smsMessages()).isEqualTo(4);
    assertThat(sum(hours.chat())).isEqualTo(report.chatMessages()).isEqualTo(4);
    assertThat(sum(hours.phone())).isEqualTo(report.phoneTasks()).isEqualTo(1);
    assertThat(IntStream.of(21, 22, 23, 0, 1, 2, 3, 4, 5, 6, 7).mapToLong(hours::messagesIn).sum())
        .as("nothing inside the quiet hours")
        .isZero();
    assertThat(report.deferredByQuietHours()).isEqualTo(4);
    assertThat(hours.busiestHour()).isEqualTo(8);
  }

  @Test
  void theHoursAreThePolicysZonesAndTheTableNamesTheBusiestHour() {
    ShopPolicy utc =
        new ShopPolicy(
            POLICY.sms(), POLICY.chat(), POLICY.phone(), 0, Duration.ofHours(72), ZoneId.of("UTC"), POLICY.quietHours(),
            POLICY.frequencyCap(), null);

    BacktestReport shanghai = Backtest.run(ROWS, POLICY, BacktestSettings.defaults(), n -> {});
    BacktestReport inUtc = Backtest.run(ROWS, utc, BacktestSettings.defaults(), n -> {});

    // quiet 21:00-08:00 UTC: the lunchtime orders' SMS (04:30 UTC) wait until 08:00 UTC; the evening ones' go at once
    assertThat(inUtc.sendsByHour().timeZone()).isEqualTo("UTC");
    assertThat(inUtc.sendsByHour().sms().get(8)).isEqualTo(2);
    assertThat(inUtc.sendsByHour().sms().get(13)).as("20:45 Shanghai + 30 min = 13:15 UTC").isEqualTo(1);
    assertThat(inUtc.sendsByHour().sms().get(14)).as("22:00 Shanghai + 30 min = 14:30 UTC").isEqualTo(1);
    assertThat(inUtc.sendsByHour().sms().get(12)).isZero();
    assertThat(BacktestTable.render(List.of("a.json", "b.json"), List.of(shanghai, inUtc), SHANGHAI))
        .containsPattern("Busiest hour of day \\(policy's zone\\) +4 \\(08:00-09:00\\) +4 \\(08:00-09:00\\)\n");
  }

  private static long sum(List<Long> counts) {
    return counts.stream().mapToLong(Long::longValue).sum();
  }
}
