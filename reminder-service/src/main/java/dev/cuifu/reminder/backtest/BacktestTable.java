package dev.cuifu.reminder.backtest;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Function;

/** Backtest reports side by side, one column per policy, as a plain-text table. */
public final class BacktestTable {

  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private record Row(String label, Function<BacktestReport, String> value) {}

  private BacktestTable() {}

  /**
   * @param names the column headers, one per report
   * @param zone the zone the peak minute is shown in
   */
  public static String render(List<String> names, List<BacktestReport> reports, ZoneId zone) {
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("Orders replayed", r -> count(r.orders())));
    rows.add(new Row("  never paid (according to the data)", r -> count(r.ordersNeverPaid())));
    rows.add(new Row("  below the minimum amount (not reminded)", r -> count(r.belowMinimum())));
    TreeMap<Integer, String> tiers = new TreeMap<>();
    reports.forEach(r -> r.tiers().forEach(t -> tiers.put(t.tier(), t.channel().name())));
    tiers.forEach(
        (tier, channel) -> {
          rows.add(new Row("Tier " + tier + " " + channel, r -> ""));
          rows.add(tierRow(tier, "  planned", TierFigures::planned));
          rows.add(tierRow(tier, "  dropped at planning: no time before the deadline", TierFigures::droppedAtPlanning));
          rows.add(tierRow(tier, "  cancelled: paid before it fell due", TierFigures::cancelledPaid));
          rows.add(tierRow(tier, "  cancelled: closed before it fell due", TierFigures::cancelledClosed));
          rows.add(tierRow(tier, "  deferred by quiet hours (order still unpaid)", TierFigures::deferredByQuietHours));
          rows.add(tierRow(tier, "  deferred by the frequency cap", TierFigures::deferredByFrequencyCap));
          rows.add(tierRow(tier, "  expired: deadline passed before sending", TierFigures::expired));
          rows.add(tierRow(tier, "  orders reminded", TierFigures::reminded));
          rows.add(tierRow(tier, "    of which paid later anyway", TierFigures::paidLaterAnyway));
        });
    rows.add(new Row("Orders reminded (any tier)", r -> count(r.ordersReminded())));
    rows.add(new Row("  paid later anyway (were paying on their own)", r -> count(r.remindedPaidLaterAnyway())));
    rows.add(new Row("  never paid (what a reminder can recover)", r -> count(r.remindedNeverPaid())));
    rows.add(new Row("  their amount", r -> money(r.remindedNeverPaidAmount(), r.currency())));
    rows.add(new Row("SMS messages", r -> count(r.smsMessages())));
    rows.add(new Row("  orders merged into another order's SMS", r -> count(r.mergedOrders())));
    rows.add(new Row("  segments", r -> count(r.smsSegments())));
    rows.add(new Row("  cost", r -> money(r.smsCost(), r.currency())));
    rows.add(new Row("Chat messages", r -> count(r.chatMessages())));
    rows.add(new Row("Phone tasks", r -> count(r.phoneTasks())));
    rows.add(new Row("Sends deferred by quiet hours", r -> count(r.deferredByQuietHours())));
    rows.add(new Row("Sends deferred by the frequency cap", r -> count(r.deferredByFrequencyCap())));
    rows.add(new Row("Touches dropped by the deadline", r -> count(r.droppedByDeadline())));
    rows.add(
        new Row(
            "Peak sends per minute",
            r -> r.peakMinute() == null ? "0" : r.peakSendsPerMinute() + " (" + MINUTE.format(r.peakMinute().atZone(zone)) + ")"));
    rows.add(new Row("Busiest hour of day (policy's zone)", BacktestTable::busiestHour));
    rows.add(new Row("Assumed lift", r -> String.format(Locale.ROOT, "%.1f%%", r.lift() * 100)));
    rows.add(new Row("Expected recovered orders", r -> String.format(Locale.ROOT, "%,.1f", r.expectedRecoveredOrders())));
    rows.add(new Row("Expected recovered amount", r -> money(r.expectedRecoveredAmount(), r.currency())));
    if (reports.stream().anyMatch(r -> r.liftRange() != null)) {
      rows.add(new Row("  lift range", r -> range(r, l -> String.format(Locale.ROOT, "%.1f%%", l.liftLow() * 100),
          l -> String.format(Locale.ROOT, "%.1f%%", l.liftHigh() * 100))));
      rows.add(new Row("  recovered orders over that range", r -> range(r,
          l -> String.format(Locale.ROOT, "%,.1f", l.expectedRecoveredOrdersLow()), l -> String.format(Locale.ROOT, "%,.1f", l.expectedRecoveredOrdersHigh()))));
      rows.add(new Row("  recovered amount over that range", r -> range(r,
          l -> money(l.expectedRecoveredAmountLow(), r.currency()), l -> money(l.expectedRecoveredAmountHigh(), r.currency()))));
    }

    int labelWidth = rows.stream().mapToInt(r -> r.label().length()).max().orElse(0) + 2;
    List<Integer> widths = new ArrayList<>();
    for (int i = 0; i < reports.size(); i++) {
      BacktestReport report = reports.get(i);
      int width = names.get(i).length();
      for (Row row : rows) {
        width = Math.max(width, row.value().apply(report).length());
      }
      widths.add(width + 2);
    }
    StringBuilder out = new StringBuilder();
    out.append(pad("", labelWidth));
    for (int i = 0; i < reports.size(); i++) {
      out.append(left(names.get(i), widths.get(i)));
    }
    out.append('\n');
    for (Row row : rows) {
      out.append(pad(row.label(), labelWidth));
      for (int i = 0; i < reports.size(); i++) {
        out.append(left(row.value().apply(reports.get(i)), widths.get(i)));
      }
      out.append('\n');
    }
    return out.toString().lines().map(String::stripTrailing).reduce("", (a, b) -> a + b + "\n");
  }

  /** "1,234 (08:00-09:00)": the SMS and chat messages of the hour of day with the most, as the peak minute's row. */
  private static String busiestHour(BacktestReport r) {
    int hour = r.sendsByHour().busiestHour();
    return hour < 0
        ? "-"
        : String.format(Locale.ROOT, "%,d (%02d:00-%02d:00)", r.sendsByHour().messagesIn(hour), hour, (hour + 1) % 24);
  }

  private static Row tierRow(int tier, String label, Function<TierFigures, Long> value) {
    return new Row(label, r -> r.tier(tier) == null ? "-" : count(value.apply(r.tier(tier))));
  }

  private static String range(BacktestReport r, Function<LiftRange, String> low, Function<LiftRange, String> high) {
    return r.liftRange() == null ? "-" : low.apply(r.liftRange()) + " to " + high.apply(r.liftRange());
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String money(BigDecimal amount, String currency) {
    return String.format(Locale.ROOT, "%,.2f %s", amount, currency);
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }

  private static String left(String text, int width) {
    return " ".repeat(Math.max(0, width - text.length())) + text;
  }
}
