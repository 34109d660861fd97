package dev.cuifu.reminder.shopmetrics;

import dev.cuifu.reminder.phone.LossReason;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One day's figures while the queries' rows come in (per currency, per channel, per group). */
final class DayTally {

  /** Every channel is reported, reminded or not, so that a day has the same shape as every other. */
  static final List<String> CHANNELS = List.of("SMS", "CHAT", "PHONE");

  private long placed;
  private long paid;
  private long closed;
  private long unpaid;
  private long openUnpaid;
  private long talkedPlaced;
  private long talkedClosed;
  private long reminded;
  private long recovered;
  /** currency → placed, unpaid, paid, closed, recovered (minor units). */
  private final Map<String, long[]> amounts = new TreeMap<>();
  /** channel → reminded, recovered; and its recovered amount per currency. */
  private final Map<String, long[]> channels = new LinkedHashMap<>();
  private final Map<String, Map<String, Long>> channelAmounts = new LinkedHashMap<>();
  private final Map<LossReason, Long> lossReasons = new EnumMap<>(LossReason.class);

  DayTally() {
    for (String channel : CHANNELS) {
      channels.put(channel, new long[2]);
      channelAmounts.put(channel, new TreeMap<>());
    }
  }

  void orders(ResultSet rs) throws SQLException {
    long n = rs.getLong("placed");
    long c = rs.getLong("closed");
    placed += n;
    paid += rs.getLong("paid");
    closed += c;
    unpaid += rs.getLong("unpaid");
    openUnpaid += rs.getLong("open_unpaid");
    if (rs.getBoolean("talked")) {
      talkedPlaced += n;
      talkedClosed += c;
    }
    long[] a = amounts(rs.getString("currency"));
    a[0] += rs.getLong("placed_minor");
    a[1] += rs.getLong("unpaid_minor");
    a[2] += rs.getLong("paid_minor");
    a[3] += rs.getLong("closed_minor");
  }

  void channel(ResultSet rs) throws SQLException {
    String channel = rs.getString("channel");
    long[] c = channels.computeIfAbsent(channel, k -> new long[2]);
    c[0] += rs.getLong("reminded");
    c[1] += rs.getLong("recovered");
    long minor = rs.getLong("recovered_minor");
    if (minor > 0) {
      channelAmounts.computeIfAbsent(channel, k -> new TreeMap<>()).merge(rs.getString("currency"), minor, Long::sum);
    }
  }

  void anyChannel(ResultSet rs) throws SQLException {
    reminded += rs.getLong("reminded");
    recovered += rs.getLong("recovered");
    amounts(rs.getString("currency"))[4] += rs.getLong("recovered_minor");
  }

  void lossReason(String reason, long tasks) {
    lossReasons.merge(LossReason.valueOf(reason), tasks, Long::sum);
  }

  private long[] amounts(String currency) {
    return amounts.computeIfAbsent(currency == null ? "?" : currency, k -> new long[5]);
  }

  DailyMetrics toMetrics(LocalDate date) {
    List<DailyMetrics.Amounts> money = new ArrayList<>();
    amounts.forEach((currency, a) -> money.add(new DailyMetrics.Amounts(currency, a[0], a[1], a[2], a[3], a[4])));
    List<DailyMetrics.ChannelMetrics> byChannel = new ArrayList<>();
    channels.forEach(
        (channel, c) ->
            byChannel.add(
                new DailyMetrics.ChannelMetrics(
                    channel, c[0], c[1],
                    channelAmounts.get(channel).entrySet().stream().map(e -> new DailyMetrics.Money(e.getValue(), e.getKey())).toList())));
    Map<String, Long> reasons = new LinkedHashMap<>();
    lossReasons.forEach((reason, n) -> reasons.put(reason.name(), n));
    long selfPlaced = placed - talkedPlaced;
    long selfClosed = closed - talkedClosed;
    return new DailyMetrics(
        date, placed, paid, closed, unpaid, openUnpaid, DailyMetrics.ratio(closed, placed), DailyMetrics.ratio(closed, placed - openUnpaid),
        List.copyOf(money), reminded, recovered,
        List.copyOf(byChannel), reasons,
        new DailyMetrics.CustomerService(
            new DailyMetrics.Group(talkedPlaced, talkedClosed, DailyMetrics.ratio(talkedClosed, talkedPlaced)),
            new DailyMetrics.Group(selfPlaced, selfClosed, DailyMetrics.ratio(selfClosed, selfPlaced))));
  }
}
