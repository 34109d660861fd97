package dev.cuifu.reminder.shopmetrics;

import dev.cuifu.reminder.experiment.Attribution;
import dev.cuifu.reminder.ops.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads a shop's daily figures, computed on query rather than rolled up. Why: every figure belongs
 * to the day the order was placed, and keeps changing for days after it (orders are paid, recovered
 * and closed up to their payment deadline, three days by default, fifteen at most; agents record
 * loss reasons later still), so a roll-up would have to recompute its latest days on every run
 * anyway. Each query reads only the shop's orders placed in the range, through {@code
 * buyer_order_shop_created} (V15), and their touches and phone tasks by key: a shop with 10,000
 * orders a day asks for a week in four index-bounded aggregates. The range is capped ({@link
 * ShopMetricsProperties#maxDays()}).
 */
@Repository
class ShopMetricsRepository {

  /** The shop's orders placed in [:from, :to), with the local day each was placed on. */
  private static final String PLACED =
      """
      select o.*, (o.created_at at time zone cast(:zone as text))::date as day
      from buyer_order o
      where o.shop_id = :shop and o.created_at >= :from and o.created_at < :to
      """;

  private static final String ORDERS =
      "select day, currency, coalesce(talked_to_service, false) as talked, count(*) as placed,"
          + " count(*) filter (where status = 'PAID') as paid,"
          + " count(*) filter (where status = 'CLOSED') as closed,"
          + " count(*) filter (where status = 'UNPAID') as unpaid,"
          // still inside its payment window now: not (yet) a loss
          + " count(*) filter (where status = 'UNPAID' and (payment_deadline is null or payment_deadline > :now)) as open_unpaid,"
          + " coalesce(sum(amount_minor), 0) as placed_minor,"
          + " coalesce(sum(amount_minor) filter (where status = 'PAID'), 0) as paid_minor,"
          + " coalesce(sum(amount_minor) filter (where status = 'CLOSED'), 0) as closed_minor,"
          + " coalesce(sum(amount_minor) filter (where status = 'UNPAID'), 0) as unpaid_minor"
          + " from ("
          + PLACED
          + ") o group by day, currency, talked";

  /** Per order and channel: reminded (a touch sent), and whether a touch of that channel recovered it. */
  private static final String ORDER_CHANNELS =
      "select o.day, o.order_id, o.currency, o.amount_minor, t.channel, bool_or("
          + Attribution.recoveredAfter("t.sent_at", "t", "o")
          + ") as recovered from ("
          + PLACED
          + ") o join touch t on t.shop_id = o.shop_id and t.order_id = o.order_id and t.state = 'SENT'"
          + " group by o.day, o.order_id, o.currency, o.amount_minor, t.channel";

  private static final String CHANNELS =
      "select day, channel, currency, count(*) as reminded, count(*) filter (where recovered) as recovered,"
          + " coalesce(sum(amount_minor) filter (where recovered), 0) as recovered_minor from ("
          + ORDER_CHANNELS
          + ") c group by day, channel, currency";

  /** Per order over all channels: an order credited to two channels at once (a tie) counts once. */
  private static final String ANY_CHANNEL =
      "select day, currency, count(*) as reminded, count(*) filter (where recovered) as recovered,"
          + " coalesce(sum(amount_minor) filter (where recovered), 0) as recovered_minor from ("
          + "select day, order_id, currency, amount_minor, bool_or(recovered) as recovered from ("
          + ORDER_CHANNELS
          + ") c group by day, order_id, currency, amount_minor) a group by day, currency";

  private static final String LOSS_REASONS =
      "select o.day, p.loss_reason, count(*) as tasks from ("
          + PLACED
          + ") o join phone_task p on p.shop_id = o.shop_id and p.order_id = o.order_id"
          + " where p.loss_reason is not null group by o.day, p.loss_reason";

  private final JdbcClient jdbc;

  ShopMetricsRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The days [from, to] of the shop, in its zone, each day present even without orders; {@code now}
   * tells the unpaid orders still inside their payment window from those past it.
   */
  Map<LocalDate, DayTally> daily(String shopId, ZoneId zone, LocalDate from, LocalDate to, Instant now) {
    Instant start = from.atStartOfDay(zone).toInstant();
    Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
    Map<LocalDate, DayTally> days = new java.util.LinkedHashMap<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      days.put(d, new DayTally());
    }
    Map<String, Object> params =
        Map.of("shop", shopId, "zone", zone.getId(), "from", Timestamps.toDb(start), "to", Timestamps.toDb(end), "now", Timestamps.toDb(now));
    jdbc.sql(ORDERS).params(params).query(rs -> {
      day(days, rs).orders(rs);
    });
    jdbc.sql(CHANNELS).params(params).query(rs -> {
      day(days, rs).channel(rs);
    });
    jdbc.sql(ANY_CHANNEL).params(params).query(rs -> {
      day(days, rs).anyChannel(rs);
    });
    jdbc.sql(LOSS_REASONS).params(params).query(rs -> {
      day(days, rs).lossReason(rs.getString("loss_reason"), rs.getLong("tasks"));
    });
    return days;
  }

  /** Every shop of the replica and its zone (for the gauges). */
  Map<String, ZoneId> shops() {
    Map<String, ZoneId> shops = new java.util.TreeMap<>();
    jdbc.sql("select shop_id, time_zone from shop").query(rs -> {
      shops.put(rs.getString("shop_id"), ZoneId.of(rs.getString("time_zone")));
    });
    return shops;
  }

  private static DayTally day(Map<LocalDate, DayTally> days, ResultSet rs) throws SQLException {
    return days.get(rs.getObject("day", LocalDate.class));
  }
}
