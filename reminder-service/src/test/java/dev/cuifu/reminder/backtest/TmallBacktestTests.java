package dev.cuifu.reminder.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.common.orderfile.OrderFileProfile;
import dev.cuifu.common.orderfile.OrderFileReader;
import dev.cuifu.common.orderfile.OrderFileSummary;
import dev.cuifu.common.orderfile.OrderRow;
import dev.cuifu.reminder.policy.ShopPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16's "done when": the Tmall report replayed through its profile, and the backtest's counts
 * checked against figures computed here from the file's own timestamps (split by hand, not through
 * the reader, and counted in a plain loop, not through the engine).
 */
class TmallBacktestTests {

  private static final Path REPORT = Path.of("..", "data", "tmall_order_report.csv");
  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private static final LocalTime QUIET_START = LocalTime.of(21, 0);
  private static final LocalTime QUIET_END = LocalTime.of(9, 0);

  /** An order as the file writes it: created, and paid (null: never). */
  private record Timestamps(Instant created, Instant paid) {}

  private static List<OrderRow> rows;
  private static List<Timestamps> file;

  @BeforeAll
  static void read() throws IOException {
    rows = new ArrayList<>();
    OrderFileSummary summary;
    try (InputStream in = Files.newInputStream(REPORT)) {
      summary = OrderFileReader.read(in, OrderFileProfile.TMALL, rows::add);
    }
    assertThat(summary.failed()).isZero();
    file = new ArrayList<>();
    List<String> lines = Files.readAllLines(REPORT, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      file.add(new Timestamps(chinaTime(cells[4]), cells[5].isBlank() ? null : chinaTime(cells[5])));
    }
    assertThat(file).hasSize(28_010);
  }

  private static Instant chinaTime(String text) {
    return LocalDateTime.parse(text.strip().replace(' ', 'T')).atZone(CHINA).toInstant();
  }

  private static boolean unpaidAt(Timestamps order, Instant moment) {
    return order.paid() == null || order.paid().isAfter(moment);
  }

  @ParameterizedTest(name = "SMS after {0} min, no quiet hours")
  @ValueSource(ints = {10, 30, 60, 180})
  void oneSmsTierRemindsTheOrdersUnpaidWhenItFallsDueAndCountsThoseThatPaidAnyway(int minutes) {
    Duration delay = Duration.ofMinutes(minutes);
    long unpaidWhenDue = 0;
    long paidLaterAnyway = 0;
    for (Timestamps order : file) {
      if (unpaidAt(order, order.created().plus(delay))) {
        unpaidWhenDue++;
        paidLaterAnyway += order.paid() != null ? 1 : 0;
      }
    }

    BacktestReport report = Backtest.run(rows, smsOnly(delay, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT), BacktestSettings.defaults(), n -> {});

    TierFigures sms = report.tier(1);
    assertThat(report.tiers()).hasSize(1);
    assertThat(sms.planned()).isEqualTo(28_010);
    assertThat(sms.reminded()).as("orders unpaid when the SMS falls due").isEqualTo(unpaidWhenDue);
    assertThat(sms.paidLaterAnyway()).as("of those, paid later on their own").isEqualTo(paidLaterAnyway);
    assertThat(sms.cancelledPaid()).isEqualTo(28_010 - unpaidWhenDue);
    assertThat(sms.deferredByQuietHours()).isZero();
    // every order is its own buyer in this file: one SMS per reminded order, nothing merged
    assertThat(report.smsMessages()).isEqualTo(unpaidWhenDue);
    assertThat(report.mergedOrders()).isZero();
    assertThat(report.remindedNeverPaid()).isEqualTo(3_923);
    assertThat(report.smsSegments()).isGreaterThanOrEqualTo(report.smsMessages());
  }

  @ParameterizedTest(name = "SMS after {0} min, quiet 21:00-09:00 China time")
  @ValueSource(ints = {10, 30, 60, 180})
  void quietHoursMoveTheSmsOfOrdersDueBetweenNineAtNightAndNineInTheMorning(int minutes) {
    Duration delay = Duration.ofMinutes(minutes);
    long dueInQuietHours = 0;
    long reminded = 0;
    long paidLaterAnyway = 0;
    for (Timestamps order : file) {
      Instant due = order.created().plus(delay);
      ZonedDateTime local = due.atZone(CHINA);
      boolean quiet = !local.toLocalTime().isBefore(QUIET_START) || local.toLocalTime().isBefore(QUIET_END);
      if (quiet && unpaidAt(order, due)) {
        dueInQuietHours++;
      }
      Instant sent = !quiet ? due
          : local.toLocalTime().isBefore(QUIET_END) ? local.with(QUIET_END).toInstant()
          : local.plusDays(1).with(QUIET_END).toInstant();
      if (unpaidAt(order, sent)) {
        reminded++;
        paidLaterAnyway += order.paid() != null ? 1 : 0;
      }
    }

    BacktestReport report = Backtest.run(rows, smsOnly(delay, QUIET_START, QUIET_END), BacktestSettings.defaults(), n -> {});

    TierFigures sms = report.tier(1);
    assertThat(dueInQuietHours).isPositive();
    assertThat(sms.deferredByQuietHours()).as("unpaid orders whose SMS fell due in quiet hours").isEqualTo(dueInQuietHours);
    assertThat(sms.reminded()).as("orders unpaid when their SMS went out at 09:00").isEqualTo(reminded);
    assertThat(sms.paidLaterAnyway()).isEqualTo(paidLaterAnyway);
    assertThat(sms.droppedAtPlanning()).isZero();
  }

  @Test
  void theWholeFileRunsInSeconds() {
    ShopPolicy policy = smsOnly(Duration.ofMinutes(30), QUIET_START, QUIET_END);
    Backtest.run(rows, policy, BacktestSettings.defaults(), n -> {}); // warm-up
    long started = System.nanoTime();
    BacktestReport report = Backtest.run(rows, policy, BacktestSettings.defaults(), n -> {});
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    System.out.printf("backtest of %,d Tmall orders: %d ms%n", report.orders(), took.toMillis());
    assertThat(took).isLessThan(Duration.ofSeconds(10));
  }

  static ShopPolicy smsOnly(Duration delay, LocalTime quietStart, LocalTime quietEnd) {
    return new ShopPolicy(
        new ShopPolicy.Sms(true, delay, "+8613800138000"),
        new ShopPolicy.Chat(false, Duration.ofDays(1), null),
        new ShopPolicy.Phone(false, Duration.ofHours(1), 50_000, 1, true),
        0,
        Duration.ofHours(72),
        CHINA,
        new ShopPolicy.QuietHours(quietStart, quietEnd),
        new ShopPolicy.FrequencyCap(1, Duration.ofHours(24)),
        null);
  }
}
