package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.optout.OptOutRegistry;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.policy.ShopPolicies;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.reminder.touch.ClaimedTouch;
import dev.cuifu.reminder.touch.TouchClaims;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The first stage of dispatch: claim a batch of due touches (committed as SENDING under a lease
 * before any provider call) and learn, once for the batch, their shops' policies and what the rules
 * need to know of their buyers.
 */
@Component
class DueBatches {

  /** Every channel: SMS through Twilio, chat through the shop's webhook, phone as an agent task. */
  static final List<String> DISPATCHED_CHANNELS = List.of(Channel.SMS.name(), Channel.CHAT.name(), Channel.PHONE.name());

  private final TouchClaims claims;
  private final ShopPolicies policies;
  private final OptOutRegistry optOuts;
  private final DispatchProperties properties;
  private final Clock clock;

  DueBatches(TouchClaims claims, ShopPolicies policies, OptOutRegistry optOuts, DispatchProperties properties, Clock clock) {
    this.claims = claims;
    this.policies = policies;
    this.optOuts = optOuts;
    this.properties = properties;
    this.clock = clock;
  }

  /** How many touches a batch claims at most: a full one means more may be due. */
  int batchSize() {
    return properties.batchSize();
  }

  /** Claims the next batch; without touches when nothing is due. */
  DueBatch claim() {
    Instant now = clock.instant();
    UUID claim = UUID.randomUUID();
    List<ClaimedTouch> claimed =
        claims.claimDue(now, properties.batchSize(), now.plus(properties.lease()), DISPATCHED_CHANNELS, claim);
    if (claimed.isEmpty()) {
      return DueBatch.empty(claim);
    }
    Map<String, ShopPolicy> shopPolicies = policies.forShops(claimed.stream().map(ClaimedTouch::shopId).toList());
    return new DueBatch(claim, claimed, shopPolicies, facts(claimed, shopPolicies, now));
  }

  private BuyerFacts facts(List<ClaimedTouch> claimed, Map<String, ShopPolicy> shopPolicies, Instant now) {
    Set<String> optedOut = new HashSet<>();
    Map<String, List<Instant>> sentSince = new HashMap<>();
    Set<Long> ours = claimed.stream().map(ClaimedTouch::touchId).collect(Collectors.toSet());
    Map<String, List<ClaimedTouch>> byShop = new LinkedHashMap<>();
    claimed.forEach(touch -> byShop.computeIfAbsent(touch.shopId(), shop -> new ArrayList<>()).add(touch));
    byShop.forEach(
        (shop, touches) -> {
          Map<String, List<String>> phonesByChannel = new LinkedHashMap<>();
          touches.forEach(t -> phonesByChannel.computeIfAbsent(t.channel(), c -> new ArrayList<>()).add(t.buyerPhone()));
          phonesByChannel.forEach(
              (channel, phones) ->
                  optOuts.optedOut(shop, Channel.valueOf(channel), phones)
                      .forEach(phone -> optedOut.add(BuyerFacts.key(shop, channel, phone))));
          List<String> capped =
              touches.stream()
                  .filter(t -> SendRules.CAPPED_CHANNELS.contains(t.channel()))
                  .map(ClaimedTouch::buyerPhone)
                  .toList();
          ShopPolicy policy = shopPolicies.get(shop);
          if (!capped.isEmpty() && policy != null) {
            claims.messagesSentSince(
                    shop, capped, SendRules.CAPPED_CHANNELS, now.minus(policy.frequencyCap().window()), now, ours)
                .forEach((phone, sent) -> sentSince.put(BuyerFacts.key(shop, "", phone), sent));
          }
        });
    return new BuyerFacts(optedOut, sentSince);
  }
}
