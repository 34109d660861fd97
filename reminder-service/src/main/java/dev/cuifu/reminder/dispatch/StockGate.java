package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.order.StockProblems;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.reminder.touch.ClaimedTouch;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The stock rule, asked by each sender for the orders its message will name (for SMS, after the
 * buyer's other orders were merged in): a shop with a stock-check URL is asked; an order it says is
 * out of stock is flagged and its touch skipped. No answer counts as in stock.
 */
@Component
class StockGate {

  private final StockCheck stock;
  private final StockProblems stockProblems;
  private final Verdicts verdicts;

  StockGate(StockCheck stock, StockProblems stockProblems, Verdicts verdicts) {
    this.stock = stock;
    this.stockProblems = stockProblems;
    this.verdicts = verdicts;
  }

  boolean inStock(ClaimedTouch touch, ShopPolicy policy, Instant now) {
    if (policy.stockCheckUrl() == null) {
      return true;
    }
    if (stock.ask(policy.stockCheckUrl(), touch.shopId(), touch.orderId()) == StockCheck.Answer.OUT_OF_STOCK) {
      stockProblems.flag(touch.shopId(), touch.orderId());
      verdicts.record(touch, new Verdict.Skip("out of stock: the shop's stock check says the items are gone"), now);
      return false;
    }
    return true;
  }
}
