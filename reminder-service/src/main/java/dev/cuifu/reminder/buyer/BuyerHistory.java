package dev.cuifu.reminder.buyer;

import static dev.cuifu.reminder.ops.SqlArrays.texts;

import dev.cuifu.reminder.ops.Timestamps;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A buyer's earlier paid orders with a shop: those Cuifu saw paid plus those the shop imported. */
@Repository
public class BuyerHistory {

  /** A buyer of a shop. */
  public record Buyer(String shopId, String buyerId) {}

  private final JdbcClient jdbc;

  BuyerHistory(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public int earlierPaidOrders(String shopId, String buyerId) {
    Buyer buyer = new Buyer(shopId, buyerId);
    return earlierPaidOrders(List.of(buyer)).getOrDefault(buyer, 0);
  }

  /** The earlier paid orders of every buyer given, in one query; buyers with none are absent. */
  public Map<Buyer, Integer> earlierPaidOrders(List<Buyer> buyers) {
    Map<Buyer, Integer> counts = new HashMap<>();
    if (buyers.isEmpty()) {
      return counts;
    }
    jdbc.sql(
            """
            select h.shop_id, h.buyer_id, h.paid_orders + h.imported_paid_orders as earlier
            from buyer_history h
            join unnest(?::text[], ?::text[]) as b(shop_id, buyer_id)
              on h.shop_id = b.shop_id and h.buyer_id = b.buyer_id
            """)
        .params(texts(buyers, Buyer::shopId), texts(buyers, Buyer::buyerId))
        .query(
            (rs, n) ->
                counts.merge(new Buyer(rs.getString("shop_id"), rs.getString("buyer_id")), rs.getInt("earlier"), Integer::sum))
        .list();
    return counts;
  }

  /** Replaces what the shop imported for the buyer (the paid orders Cuifu counted stay). */
  void replaceImported(String shopId, String buyerId, int paidOrders, Instant now) {
    jdbc.sql(
            """
            insert into buyer_history (shop_id, buyer_id, imported_paid_orders, updated_at)
            values (?, ?, ?, ?)
            on conflict (shop_id, buyer_id) do update set
                imported_paid_orders = excluded.imported_paid_orders, updated_at = excluded.updated_at
            """)
        .params(shopId, buyerId, paidOrders, Timestamps.toDb(now))
        .update();
  }
}
