package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.plan.CancelCause;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.plan.QuietHours;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.reminder.touch.ClaimedTouch;
import dev.cuifu.reminder.touch.OrderStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The rules every due touch is re-checked against at send time, as verdicts and nothing else (no
 * writes, no calls): the order still unpaid and before its deadline, the shop known, the buyer not
 * opted out, not in the buyer's quiet hours, under the frequency cap. The stock check, an HTTP call
 * to the shop, is asked later, by the channel's sender, for the orders a message will name.
 */
@Component
public class SendRules {

  /** Messages that count towards the frequency cap. */
  static final List<String> CAPPED_CHANNELS = List.of(Channel.SMS.name(), Channel.CHAT.name());

  /** How the reason of a touch deferred by the frequency cap begins. */
  static final String FREQUENCY_CAP = "frequency cap";

  /** One touch with what the rules say about it. */
  public record Judged(ClaimedTouch touch, Verdict verdict) {}

  /**
   * One buyer's due touches of one channel (earliest due first), each with its verdict: either all
   * that are still wanted are sent (in at most one message), or none of them is.
   */
  public List<Judged> judge(List<ClaimedTouch> due, ShopPolicy policy, BuyerFacts facts, Instant now) {
    List<Judged> judged = new ArrayList<>();
    List<ClaimedTouch> live = new ArrayList<>();
    for (ClaimedTouch touch : due) {
      Verdict verdict = orderVerdict(touch, now);
      if (verdict == Verdict.SEND) {
        live.add(touch);
      } else {
        judged.add(new Judged(touch, verdict));
      }
    }
    if (!live.isEmpty()) {
      judged.addAll(buyerVerdicts(live, policy, facts, now));
    }
    return judged;
  }

  /** The order itself: paid or closed → cancelled; past its deadline → expired; shop unknown → retry. */
  private static Verdict orderVerdict(ClaimedTouch touch, Instant now) {
    if (touch.orderStatus() != OrderStatus.UNPAID) {
      return new Verdict.Cancel(touch.orderStatus() == OrderStatus.PAID ? CancelCause.ORDER_PAID : CancelCause.ORDER_CLOSED);
    }
    if (!now.isBefore(touch.paymentDeadline())) {
      return new Verdict.Expire("payment deadline passed before sending");
    }
    if (!touch.shopKnown()) {
      return new Verdict.Retry("shop " + touch.shopId() + " not known yet");
    }
    return Verdict.SEND;
  }

  /** The buyer: opted out, quiet hours, frequency cap (phone tasks are not messages: never capped). */
  private static List<Judged> buyerVerdicts(List<ClaimedTouch> live, ShopPolicy policy, BuyerFacts facts, Instant now) {
    ClaimedTouch lead = live.get(0);
    ZoneId zone = policy.zoneFor(lead.buyerTimeZone());
    Channel channel = Channel.valueOf(lead.channel());
    if (facts.optedOut(lead, channel)) {
      return all(live, new Verdict.Skip("buyer opted out of " + channel));
    }
    QuietHours quiet = policy.quietHours().rule();
    if (quiet.isQuiet(now, zone)) {
      return live.stream().map(t -> new Judged(t, placed(quiet.place(now, now, t.paymentDeadline(), zone), null))).toList();
    }
    if (CAPPED_CHANNELS.contains(channel.name())) {
      Instant capFreesAt = capFreesAt(facts.sentSince(lead), policy.frequencyCap());
      if (capFreesAt != null) {
        String why =
            FREQUENCY_CAP + ": " + policy.frequencyCap().maxMessages() + " message(s) per " + policy.frequencyCap().window()
                + " reached";
        return live.stream()
            .map(t -> new Judged(t, placed(quiet.place(capFreesAt, now, t.paymentDeadline(), zone), why)))
            .toList();
      }
    }
    return all(live, Verdict.SEND);
  }

  /**
   * A buyer's SMS going out {@code now} takes along the buyer's other unpaid orders' SMS touches due
   * before this moment (within the cap window, which would otherwise hold them back).
   */
  public static Instant mergeDueBefore(ShopPolicy policy, Instant now) {
    return now.plus(policy.frequencyCap().window());
  }

  private static List<Judged> all(List<ClaimedTouch> touches, Verdict verdict) {
    return touches.stream().map(t -> new Judged(t, verdict)).toList();
  }

  /** When the buyer may be messaged again, or null if the cap allows a message now. */
  private static Instant capFreesAt(List<Instant> sent, ShopPolicy.FrequencyCap cap) {
    return sent.size() < cap.maxMessages() ? null : sent.get(cap.maxMessages() - 1).plus(cap.window());
  }

  /** Where quiet hours put a touch that may not go now: later, or nowhere before its deadline. */
  private static Verdict placed(QuietHours.Slot slot, String why) {
    String prefix = why == null ? "" : why + "; ";
    if (slot instanceof QuietHours.At at) {
      return new Verdict.Defer(at.time(), prefix + "deferred");
    }
    if (slot instanceof QuietHours.Moved moved) {
      return new Verdict.Defer(moved.time(), prefix + moved.reason());
    }
    return new Verdict.Expire(prefix + ((QuietHours.None) slot).reason());
  }
}
