package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.reminder.touch.ClaimedTouch;
import dev.cuifu.reminder.touch.TouchClaims;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One claimed batch: its claim token (which every write on its touches names, see {@link
 * TouchClaims}), its touches, their shops' policies and what the rules need to know of their buyers.
 */
record DueBatch(UUID claim, List<ClaimedTouch> touches, Map<String, ShopPolicy> policies, BuyerFacts facts) {

  /** A merged message names its orders in the order they fell due. */
  static final Comparator<ClaimedTouch> DUE_FIRST =
      Comparator.comparing(ClaimedTouch::dueAt).thenComparingLong(ClaimedTouch::touchId);

  static DueBatch empty(UUID claim) {
    return new DueBatch(claim, List.of(), Map.of(), new BuyerFacts(Set.of(), Map.of()));
  }

  /**
   * Per buyer (shop and phone), the buyer's due touches per channel, earliest first (an {@code
   * UPDATE … RETURNING} gives its rows in no particular order).
   */
  List<List<List<ClaimedTouch>>> byBuyer() {
    Map<String, Map<String, List<ClaimedTouch>>> groups = new LinkedHashMap<>();
    for (ClaimedTouch touch : touches.stream().sorted(DUE_FIRST).toList()) {
      groups
          .computeIfAbsent(touch.shopId() + " " + touch.buyerPhone(), k -> new LinkedHashMap<>())
          .computeIfAbsent(touch.channel(), k -> new ArrayList<>())
          .add(touch);
    }
    List<List<List<ClaimedTouch>>> buyers = new ArrayList<>();
    groups.values().forEach(channels -> buyers.add(new ArrayList<>(channels.values())));
    return buyers;
  }
}
