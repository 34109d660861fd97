package dev.cuifu.reminder.script;

import dev.cuifu.common.sms.SmsSegments;
import dev.cuifu.reminder.web.FieldProblem;
import java.util.List;

/** The save-time checks of a script's text; each problem is named on the field {@code text}. */
final class ScriptRules {

  /** A text that passed, with the length of its longest SMS rendering (null for other channels). */
  record Checked(ScriptTemplate template, SmsSegments worstCase) {}

  private ScriptRules() {}

  /** Checks {@code text}; returns null and adds to {@code problems} when it is not acceptable. */
  static Checked check(
      ScriptChannel channel,
      ScriptLocale locale,
      String text,
      ScriptSettings settings,
      String shopName,
      ScriptProperties properties,
      List<FieldProblem> problems) {
    if (text == null || text.isBlank()) {
      problems.add(new FieldProblem("text", "must not be empty"));
      return null;
    }
    if (text.length() > properties.maxTextLength()) {
      problems.add(new FieldProblem("text", "has " + text.length() + " characters; at most " + properties.maxTextLength()));
      return null;
    }
    int before = problems.size();
    ScriptTemplate template = ScriptTemplate.parse(text, "text", problems);
    if (template == null) {
      return null;
    }
    if (template.placeholders().contains(Placeholder.PAYMENT_LINK) && settings.paymentLink() == null) {
      problems.add(
          new FieldProblem(
              "text", "uses {paymentLink} but the shop has no payment link: set paymentLink in PUT /api/v1/scripts/settings"));
    }
    SmsSegments worstCase = null;
    if (channel == ScriptChannel.SMS) {
      if (!template.placeholders().contains(Placeholder.ORDER_ID)) {
        // a resend after a crash is recognised by the exact text: it must differ per order
        problems.add(new FieldProblem("text", "an SMS script must name the order with {orderId}"));
      }
      worstCase = worstCase(template, locale, shopName, settings, properties);
      if (worstCase.segments() > settings.smsMaxSegments()) {
        problems.add(new FieldProblem("text", tooLong(worstCase, settings.smsMaxSegments())));
      }
    }
    return problems.size() == before ? new Checked(template, worstCase) : null;
  }

  /** The SMS length of the template rendered with the longest values (see ScriptValues.worstCase). */
  static SmsSegments worstCase(
      ScriptTemplate template, ScriptLocale locale, String shopName, ScriptSettings settings, ScriptProperties properties) {
    return SmsSegments.of(template.render(ScriptValues.worstCase(locale, shopName, settings.paymentLink(), properties.itemLength())));
  }

  static String tooLong(SmsSegments length, int limit) {
    String unit = length.encoding() == SmsSegments.Encoding.GSM_7 ? "GSM-7 septets" : "UCS-2 code units";
    return "rendered with the longest values it takes " + length.segments() + " SMS segments (" + length.units() + " "
        + unit + "); the shop's limit is " + limit;
  }
}
