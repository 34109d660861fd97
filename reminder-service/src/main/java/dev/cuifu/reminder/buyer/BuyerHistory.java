package dev.cuifu.reminder.buyer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A buyer's earlier paid orders with a shop: those Cuifu saw paid plus those the shop imported. */
@Repository
public class BuyerHistory {

  private final JdbcClient jdbc;

  BuyerHistory(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public int earlierPaidOrders(String shopId, String buyerId) {
    return jdbc.sql(
            "select coalesce(sum(paid_orders + imported_paid_orders), 0) from buyer_history where shop_id = ? and buyer_id = ?")
        .params(shopId, buyerId)
        .query(Integer.class)
        .single();
  }
}
