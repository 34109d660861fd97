package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.script.OrderFacts;
import dev.cuifu.reminder.script.RenderedText;
import dev.cuifu.reminder.script.ScriptChannel;
import dev.cuifu.reminder.script.ScriptLibrary;
import dev.cuifu.reminder.script.ScriptValues;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The wording of a touch: the script its experiment's arm chose, else the shop's active script for
 * the channel (or Cuifu's default), rendered with the order's values — amounts in major units,
 * times in the reader's zone. Each touch records the script and version its text came from.
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
    return render(ScriptChannel.CHAT, List.of(touch));
  }

  /**
   * One message naming several unpaid orders of the same buyer; the earliest deadline counts, and
   * the first (earliest due) touch's script speaks for all of them.
   */
  String mergedSms(List<ClaimedTouch> touches) {
    return render(ScriptChannel.SMS, touches);
  }

  private String render(ScriptChannel channel, List<ClaimedTouch> touches) {
    ClaimedTouch first = touches.get(0);
    RenderedText rendered =
        scripts.render(
            first.shopId(), channel, first.shopName(), first.readerZone(), touches.stream().map(ReminderText::facts).toList(),
            first.plannedScriptId());
    scripts.recordUse(touches.stream().map(ClaimedTouch::touchId).toList(), rendered);
    return rendered.text();
  }

  static String amount(long minor, String currency) {
    return ScriptValues.amount(minor, currency);
  }

  private static OrderFacts facts(ClaimedTouch touch) {
    return new OrderFacts(touch.orderId(), touch.itemSummary(), touch.amountMinor(), touch.currency(), touch.paymentDeadline());
  }
}
