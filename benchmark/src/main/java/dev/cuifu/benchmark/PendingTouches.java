package dev.cuifu.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Touch rows both benchmark modes write straight into reminder-service's tables: the pending load
 * added before a burst (unpaid orders of distinct buyers with one planned SMS touch each, due a week
 * or more from now, in chunks of 500,000 rows, then analyzed so the planner sees them), and the
 * burst itself (planned SMS touches made due now).
 */
public final class PendingTouches {

  private static final int CHUNK = 500_000;

  private PendingTouches() {}

  /** Adds {@code count} orders {@code orderPrefix + n} of buyers {@code buyerPrefix + n} to the shop. */
  public static void add(Connection db, String shopId, String orderPrefix, String buyerPrefix, int count) throws SQLException {
    db.setAutoCommit(false);
    for (int from = 0; from < count; from += CHUNK) {
      int to = Math.min(count, from + CHUNK);
      try (PreparedStatement orders =
              db.prepareStatement(
                  """
                  insert into reminder.buyer_order (shop_id, order_id, status, buyer_id, buyer_phone, amount_minor,
                      currency, item_summary, created_at, payment_deadline, updated_at)
                  select ?, ? || g, 'UNPAID', ? || g, '+8613' || lpad(g::text, 9, '0'), 12800, 'CNY', '羊毛围巾 红色',
                      now(), now() + interval '30 days', now()
                  from generate_series(?, ?) g
                  """);
          PreparedStatement touches =
              db.prepareStatement(
                  """
                  insert into reminder.touch (shop_id, order_id, tier, channel, due_at, state, planned_at, updated_at)
                  select ?, ? || g, 1, 'SMS', now() + interval '7 days' + g * interval '1 second', 'PLANNED', now(), now()
                  from generate_series(?, ?) g
                  """)) {
        orders.setString(1, shopId);
        orders.setString(2, orderPrefix);
        orders.setString(3, buyerPrefix);
        orders.setInt(4, from);
        orders.setInt(5, to - 1);
        orders.executeUpdate();
        touches.setString(1, shopId);
        touches.setString(2, orderPrefix);
        touches.setInt(3, from);
        touches.setInt(4, to - 1);
        touches.executeUpdate();
      }
      db.commit();
    }
    db.setAutoCommit(true);
    try (Statement analyze = db.createStatement()) {
      analyze.execute("analyze reminder.touch");
      analyze.execute("analyze reminder.buyer_order");
    }
  }

  /**
   * Makes up to {@code count} of the shop's planned SMS touches whose order id starts with {@code
   * orderPrefix} (and not yet due) due now, in touch id order; returns their ids.
   */
  public static List<Long> makeDueNow(Connection db, String shopId, String orderPrefix, int count) throws SQLException {
    List<Long> ids = new ArrayList<>(count);
    try (PreparedStatement due =
        db.prepareStatement(
            """
            update reminder.touch set due_at = now()
            where touch_id in (
                select touch_id from reminder.touch
                where shop_id = ? and order_id like ? and channel = 'SMS' and state = 'PLANNED' and due_at > now()
                order by touch_id limit ?)
            returning touch_id
            """)) {
      due.setString(1, shopId);
      due.setString(2, orderPrefix + "%");
      due.setInt(3, count);
      try (ResultSet rows = due.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
    }
    return ids;
  }
}
