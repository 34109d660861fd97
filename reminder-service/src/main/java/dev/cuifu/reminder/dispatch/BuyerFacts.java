package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.touch.ClaimedTouch;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the rules need to know about a claimed batch's buyers, asked once for the whole batch (two
 * queries per shop, see {@link DueBatches}) instead of twice per buyer: who opted out of which
 * channel, and what each buyer was sent within the shop's frequency-cap window (or has in flight on
 * another claim).
 */
public record BuyerFacts(Set<String> optedOut, Map<String, List<Instant>> sentSince) {

  public static String key(String shopId, String channel, String phone) {
    return shopId + " " + channel + " " + phone;
  }

  /**
   * {@code optedOut} holds the numbers as the touches have them ({@link
   * dev.cuifu.reminder.optout.OptOutRegistry#optedOut}): nothing is parsed here, once per touch.
   */
  boolean optedOut(ClaimedTouch touch, Channel channel) {
    return optedOut.contains(key(touch.shopId(), channel.name(), touch.buyerPhone()));
  }

  List<Instant> sentSince(ClaimedTouch touch) {
    return sentSince.getOrDefault(key(touch.shopId(), "", touch.buyerPhone()), List.of());
  }
}
