package dev.cuifu.reminder.backtest;

import dev.cuifu.reminder.script.ScriptLocale;
import java.math.BigDecimal;

/**
 * What a backtest assumes beyond the policy.
 *
 * @param shopName the name the messages carry (it counts towards their SMS segments)
 * @param locale the language of Cuifu's default scripts the messages are rendered from
 * @param itemLength characters of the item name a message shows (as {@code cuifu.reminder.script.item-length})
 * @param segmentPrice what one SMS segment costs, in major units of the orders' currency
 * @param lift the share of reminded orders that would not have paid without the reminder and pay
 *     because of it (0.05: 5 in 100)
 */
public record BacktestSettings(String shopName, ScriptLocale locale, int itemLength, BigDecimal segmentPrice, double lift) {

  public static final String DEFAULT_SHOP_NAME = "本店";

  public BacktestSettings {
    if (lift < 0 || lift > 1) {
      throw new IllegalArgumentException("the lift is a share between 0 and 1, e.g. 0.05");
    }
    if (segmentPrice.signum() < 0) {
      throw new IllegalArgumentException("the segment price cannot be negative");
    }
  }

  /** A Chinese shop's default scripts, 5% lift, 0.05 per segment. */
  public static BacktestSettings defaults() {
    return new BacktestSettings(DEFAULT_SHOP_NAME, ScriptLocale.ZH_CN, 20, new BigDecimal("0.05"), 0.05);
  }

  public BacktestSettings withLift(double lift) {
    return new BacktestSettings(shopName, locale, itemLength, segmentPrice, lift);
  }

  public BacktestSettings withSegmentPrice(BigDecimal price) {
    return new BacktestSettings(shopName, locale, itemLength, price, lift);
  }
}
