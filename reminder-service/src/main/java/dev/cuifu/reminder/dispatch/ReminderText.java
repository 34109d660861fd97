package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.script.OrderFacts;
import dev.cuifu.reminder.script.ScriptChannel;
import dev.cuifu.reminder.script.ScriptLibrary;
import dev.cuifu.reminder.script.ScriptValues;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The wording of a touch: the shop's active script for the channel (or Cuifu's default), rendered
 * with the order's values — amounts in major units, times in the reader's zone.
 */
@Component
class ReminderText {

  private final ScriptLibrary scripts;

  ReminderText(ScriptLibrary scripts) {
    this.scripts = scripts;
  }

  String sms(ClaimedTouch touch) {
    return mergedSms(List.of(touch));
  }

  String chat(ClaimedTouch touch) {
    return scripts.render(touch.shopId(), ScriptChannel.CHAT, touch.shopName(), touch.readerZone(), List.of(facts(touch)));
  }

  /** One message naming several unpaid orders of the same buyer; the earliest deadline counts. */
  String mergedSms(List<ClaimedTouch> touches) {
    ClaimedTouch first = touches.get(0);
    return scripts.render(
        first.shopId(), ScriptChannel.SMS, first.shopName(), first.readerZone(), touches.stream().map(ReminderText::facts).toList());
  }

  static String amount(long minor, String currency) {
    return ScriptValues.amount(minor, currency);
  }

  private static OrderFacts facts(ClaimedTouch touch) {
    return new OrderFacts(touch.orderId(), touch.itemSummary(), touch.amountMinor(), touch.currency(), touch.paymentDeadline());
  }
}
