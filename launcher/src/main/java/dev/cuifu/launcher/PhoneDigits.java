package dev.cuifu.launcher;

import dev.cuifu.common.phone.PhoneNumbers;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what looks like a phone number inside free text (an SMS body, a chat message's JSON) for
 * the stubs' log lines: a buyer's item summary ("联系13912345678") or chat handle (WhatsApp handles
 * are numbers) can carry one. Runs of 7 or more digits, with an optional + and single spaces or
 * hyphens between them, keep the first three and last four digits as {@link PhoneNumbers#mask}
 * does ({@code 139****5678}); a valid international number is masked by it ({@code +86 138****8000}).
 */
final class PhoneDigits {

  private static final Pattern RUN = Pattern.compile("\\+?\\d(?:[ -]?\\d){6,}");

  private PhoneDigits() {}

  static String mask(String text) {
    if (text == null) {
      return null;
    }
    Matcher run = RUN.matcher(text);
    StringBuilder masked = new StringBuilder();
    while (run.find()) {
      run.appendReplacement(masked, Matcher.quoteReplacement(maskRun(run.group())));
    }
    run.appendTail(masked);
    return masked.toString();
  }

  private static String maskRun(String run) {
    if (run.startsWith("+") && PhoneNumbers.isValid(run)) {
      return PhoneNumbers.mask(run);
    }
    String digits = run.replaceAll("[^0-9]", "");
    // at least four digits hidden: a 7-digit local number shows only its last three
    int head = Math.min(3, Math.max(0, digits.length() - 8));
    int tail = Math.min(4, digits.length() - head - 4);
    return (run.startsWith("+") ? "+" : "") + digits.substring(0, head) + "****" + digits.substring(digits.length() - tail);
  }
}
