package dev.cuifu.reminder.order;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Orders flagged for the shop's attention because the stock check said the item is gone. */
@Repository
public class StockProblems {

  private final JdbcClient jdbc;

  StockProblems(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Marks the order for the shop's attention (idempotent). */
  public void flag(String shopId, String orderId) {
    jdbc.sql("update buyer_order set stock_problem = true where shop_id = ? and order_id = ?")
        .params(shopId, orderId)
        .update();
  }
}
