package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.channel.sms.SmsGateway;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.reminder.touch.ClaimedTouch;
import dev.cuifu.reminder.touch.TouchClaims;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The SMS of one claimed batch, as they pass through {@link SmsSender}'s steps: the buyers whose
 * touches passed every rule, the messages prepared for them, those the provider accepted; with the
 * batch's claim token and its lookups (script renderer, Twilio accounts).
 */
record SmsRound(
    UUID claim, ReminderText.Batch texts, SmsGateway gateway, List<Buyer> buyers, List<Prepared> prepared,
    List<TouchClaims.Sent> sent) {

  SmsRound(UUID claim, ReminderText.Batch texts, SmsGateway gateway) {
    this(claim, texts, gateway, synchronizedList(), synchronizedList(), synchronizedList());
  }

  private static <T> List<T> synchronizedList() {
    return Collections.synchronizedList(new ArrayList<>());
  }

  /**
   * A buyer whose due SMS touches passed every rule: {@code live} (earliest due first) go out in
   * one message, with the buyer's other unpaid orders due within the cap window merged in.
   */
  record Buyer(List<ClaimedTouch> live, ShopPolicy policy, Instant now) {

    ClaimedTouch lead() {
      return live.get(0);
    }

    TouchClaims.MergeLead mergeLead(Duration lease) {
      ClaimedTouch lead = lead();
      return new TouchClaims.MergeLead(
          lead.touchId(), lead.shopId(), lead.buyerPhone(), lead.channel(), SendRules.mergeDueBefore(policy, now),
          now.plus(lease));
    }
  }

  /**
   * One SMS ready to go: its sender touch (first of {@code orders}, which it names, earliest due
   * first; the others travel merged into it), the number or Messaging Service it goes from, its text.
   */
  record Prepared(ClaimedTouch sender, List<ClaimedTouch> orders, String from, ReminderText.Rendered text) {

    List<ClaimedTouch> followers() {
      return orders.subList(1, orders.size());
    }
  }
}
