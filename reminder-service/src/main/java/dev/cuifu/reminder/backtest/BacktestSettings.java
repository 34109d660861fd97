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

  /** The most one SMS segment may cost: a price beyond it is a typo, and 1e999999999 prints as a gigabyte. */
  static final BigDecimal MAX_SEGMENT_PRICE = new BigDecimal("1000");

  /** Decimals a segment price may have. */
  static final int SEGMENT_PRICE_DECIMALS = 6;

  public BacktestSettings {
    // written so that NaN, which compares false with everything, is refused too
    if (!(lift >= 0 && lift <= 1)) {
      throw new IllegalArgumentException("must be a share between 0 and 1, e.g. 0.05 for 5%");
    }
    if (segmentPrice.signum() < 0
        || segmentPrice.compareTo(MAX_SEGMENT_PRICE) > 0
        || segmentPrice.stripTrailingZeros().scale() > SEGMENT_PRICE_DECIMALS) {
      throw new IllegalArgumentException(
          "must be between 0 and " + MAX_SEGMENT_PRICE + " with at most " + SEGMENT_PRICE_DECIMALS + " decimals, e.g. 0.05");
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
