package dev.cuifu.reminder.dispatch;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import org.springframework.stereotype.Component;

/** Renders the SMS wording for one touch: amounts in major units, times in the reader's zone. */
@Component
class ReminderText {

  private static final DateTimeFormatter DEADLINE = DateTimeFormatter.ofPattern("MM-dd HH:mm");

  private final DispatchProperties properties;

  ReminderText(DispatchProperties properties) {
    this.properties = properties;
  }

  String sms(ClaimedTouch touch) {
    return render(properties.smsTemplate(), touch);
  }

  String chat(ClaimedTouch touch) {
    return render(properties.chatTemplate(), touch);
  }

  private static String render(String template, ClaimedTouch touch) {
    return template
        .replace("{shop}", touch.shopName())
        .replace("{order}", touch.orderId())
        .replace("{item}", touch.itemSummary())
        .replace("{amount}", amount(touch.amountMinor(), touch.currency()))
        .replace("{deadline}", DEADLINE.format(touch.paymentDeadline().atZone(touch.readerZone())));
  }

  /** One message naming several unpaid orders of the same buyer; the earliest deadline counts. */
  String mergedSms(java.util.List<ClaimedTouch> touches) {
    ClaimedTouch first = touches.get(0);
    java.time.Instant deadline =
        touches.stream().map(ClaimedTouch::paymentDeadline).min(java.util.Comparator.naturalOrder()).orElseThrow();
    String orders =
        touches.stream()
            .map(t -> t.orderId() + "（" + t.itemSummary() + "，" + amount(t.amountMinor(), t.currency()) + "）")
            .collect(java.util.stream.Collectors.joining("、"));
    return properties
        .smsMergedTemplate()
        .replace("{shop}", first.shopName())
        .replace("{count}", Integer.toString(touches.size()))
        .replace("{orders}", orders)
        .replace("{deadline}", DEADLINE.format(deadline.atZone(first.readerZone())));
  }

  static String amount(long minor, String currency) {
    int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    return BigDecimal.valueOf(minor, digits).toPlainString() + " " + currency;
  }
}
