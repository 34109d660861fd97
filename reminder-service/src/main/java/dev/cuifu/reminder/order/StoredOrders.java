package dev.cuifu.reminder.order;

import dev.cuifu.common.orderfile.OrderRow;
import dev.cuifu.reminder.ops.Timestamps;
import java.time.Instant;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A shop's stored orders as order-file rows, for a backtest over a date range: what Cuifu knows of
 * each order's creation, payment and closing. Orders known only from a payment (no creation
 * recorded) are left out.
 */
@Repository
public class StoredOrders {

  private final JdbcClient jdbc;

  StoredOrders(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Hands on the shop's orders created in [from, to), oldest first; returns how many. */
  public long forEachCreated(String shopId, Instant from, Instant to, Consumer<OrderRow> sink) {
    long[] rows = {0};
    jdbc.sql(
            """
            select order_id, created_at, paid_at, closed_at, amount_minor, currency, buyer_id, buyer_phone
            from buyer_order
            where shop_id = :shopId and created_at >= :from and created_at < :to
              and amount_minor is not null and currency is not null
            order by created_at, order_id
            """)
        .param("shopId", shopId)
        .param("from", Timestamps.toDb(from))
        .param("to", Timestamps.toDb(to))
        .query(
            rs -> {
              rows[0]++;
              sink.accept(
                  new OrderRow(
                      rows[0], rs.getString("order_id"), Timestamps.fromDb(rs, "created_at"), Timestamps.fromDb(rs, "paid_at"),
                      rs.getLong("amount_minor"), rs.getString("currency"), rs.getString("buyer_id"), rs.getString("buyer_phone"),
                      Timestamps.fromDb(rs, "closed_at"), 0));
            });
    return rows[0];
  }
}
