package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.touch.ClaimedTouch;
import dev.cuifu.reminder.touch.TouchClaims;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Step (1) of {@link SmsSender}: the batch's buyers' mergeable orders claimed in one statement,
 * then per buyer (side by side: a stock check is an HTTP call) the orders still in stock and the
 * text of their one message.
 */
@Component
class SmsPreparation {

  private final TouchClaims claims;
  private final DispatchWorkers workers;
  private final StockGate stock;
  private final DispatchProperties properties;
  private final Clock clock;

  SmsPreparation(TouchClaims claims, DispatchWorkers workers, StockGate stock, DispatchProperties properties, Clock clock) {
    this.claims = claims;
    this.workers = workers;
    this.stock = stock;
    this.properties = properties;
    this.clock = clock;
  }

  void prepare(SmsRound round) {
    List<SmsRound.Buyer> buyers = List.copyOf(round.buyers());
    if (buyers.isEmpty()) {
      return;
    }
    Map<Long, List<ClaimedTouch>> mergeable =
        claims.claimMergeable(buyers.stream().map(b -> b.mergeLead(properties.lease())).toList(), round.claim(), clock.instant());
    workers.runAll(
        buyers.stream()
            .<Runnable>map(buyer -> () -> prepare(buyer, mergeable.getOrDefault(buyer.lead().touchId(), List.of()), round))
            .toList());
  }

  private void prepare(SmsRound.Buyer buyer, List<ClaimedTouch> mergeable, SmsRound round) {
    List<ClaimedTouch> message = new ArrayList<>(buyer.live());
    message.addAll(mergeable);
    message.sort(DueBatch.DUE_FIRST);
    List<ClaimedTouch> inStock = new ArrayList<>();
    for (ClaimedTouch touch : message) {
      if (stock.inStock(touch, buyer.policy(), buyer.now())) {
        inStock.add(touch);
      }
    }
    if (inStock.isEmpty()) {
      return;
    }
    ClaimedTouch sender = inStock.get(0);
    String from = buyer.policy().sms().from() != null ? buyer.policy().sms().from() : sender.smsFrom();
    round.prepared().add(new SmsRound.Prepared(sender, List.copyOf(inStock), from, round.texts().sms(inStock)));
  }
}
