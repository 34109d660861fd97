package dev.cuifu.reminder.buyer;

import static dev.cuifu.reminder.ops.SqlArrays.texts;

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
}
