package dev.cuifu.harness.privacy;

import dev.cuifu.common.phone.PhoneNumbers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds raw phone numbers in text: each known number in the forms it is usually written in, and
 * anything that looks like one. A masked number ({@code +86 139****5678}) is not a raw one.
 */
public final class PhonePatterns {

  /**
   * A number in E.164 as Cuifu stores it: {@code +} and 8 to 15 digits, not inside a longer run of
   * digits nor a decimal number (a metric's {@code 57174.15213605238}).
   */
  static final Pattern E164 = Pattern.compile("(?<![\\w+.])\\+[1-9]\\d{7,14}(?!\\d|\\.\\d)");

  /** A Chinese mobile number in national form (11 digits from 13… to 19…), on the same terms. */
  static final Pattern CN_MOBILE = Pattern.compile("(?<![\\w+.])1[3-9]\\d{9}(?!\\d|\\.\\d)");

  /**
   * Numbers that are no buyer's, so found but not counted as a leak: the examples of Cuifu's
   * README, launcher banner and validation messages ({@code e.g. +8613800138000}) and the sender
   * number the harness's shops send from (a shop's own number, which names its per-sender rate
   * limiter in the metrics).
   */
  public static final Set<String> EXAMPLES = Set.of("+8613800138000", "+8613800138001", "+14155550100");

  /** A phone number found at {@code start} of a text. */
  public record Match(int start, String raw, String how) {
    public String masked() {
      return PhonePatterns.mask(raw);
    }

    /** One of {@link #EXAMPLES}, in any form. */
    public boolean example() {
      String digits = raw.replaceAll("\\D", "");
      return EXAMPLES.stream().anyMatch(e -> e.endsWith(digits) && digits.length() >= 11);
    }
  }

  private final List<String> knownForms;

  /** @param knownPhones numbers in E.164 ({@code +8613912345678}) */
  public PhonePatterns(Set<String> knownPhones) {
    Set<String> forms = new LinkedHashSet<>();
    for (String phone : knownPhones) {
      forms.addAll(forms(phone));
    }
    // the longest first, so that "+8613912345678" is found as itself rather than as its national part
    this.knownForms = forms.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /**
   * The usual ways to write an E.164 number: as is, without {@code +}, the national digits, and
   * the country code and national digits apart.
   */
  public static Set<String> forms(String e164) {
    Set<String> forms = new LinkedHashSet<>();
    String phone = e164.strip();
    forms.add(phone);
    String digits = phone.replaceAll("\\D", "");
    forms.add(digits);
    String masked = PhoneNumbers.mask(phone); // "+86 139****5678": the country code is before the space
    int space = masked.indexOf(' ');
    if (masked.startsWith("+") && space > 1) {
      String countryCode = masked.substring(1, space);
      if (digits.startsWith(countryCode)) {
        String national = digits.substring(countryCode.length());
        forms.add(national);
        forms.add("+" + countryCode + " " + national);
        forms.add("+" + countryCode + "-" + national);
      }
    }
    return forms;
  }

  /** Every raw number in {@code text}: known forms first, then E.164-looking and Chinese-mobile-looking ones. */
  public List<Match> find(String text) {
    List<Match> matches = new ArrayList<>();
    boolean[] taken = new boolean[text.length()];
    for (String form : knownForms) {
      for (int at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) {
        if (isolated(text, at, form.length()) && free(taken, at, form.length())) {
          mark(taken, at, form.length());
          matches.add(new Match(at, form, "known number"));
        }
      }
    }
    generic(text, E164, "E.164-looking", taken, matches);
    generic(text, CN_MOBILE, "Chinese-mobile-looking", taken, matches);
    matches.sort(Comparator.comparingInt(Match::start));
    return matches;
  }

  /**
   * A form that shows where a hit was without repeating it: the first three and the last four
   * digits, as Cuifu's own masking does.
   */
  public static String mask(String raw) {
    if (raw.startsWith("+")) {
      String masked = PhoneNumbers.mask(raw);
      if (!masked.startsWith("<")) {
        return masked;
      }
    }
    String digits = raw.replaceAll("\\D", "");
    if (digits.length() <= 7) {
      return "*".repeat(digits.length());
    }
    return (raw.startsWith("+") ? "+" : "") + digits.substring(0, 3) + "*".repeat(digits.length() - 7) + digits.substring(digits.length() - 4);
  }

  private static void generic(String text, Pattern pattern, String how, boolean[] taken, List<Match> matches) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      if (free(taken, m.start(), m.end() - m.start())) {
        mark(taken, m.start(), m.end() - m.start());
        matches.add(new Match(m.start(), m.group(), how));
      }
    }
  }

  /**
   * Not part of a longer run of digits (a national form inside an E.164 one is found as that) nor
   * of a decimal number.
   */
  private static boolean isolated(String text, int at, int length) {
    boolean before = at == 0 || !(Character.isDigit(text.charAt(at - 1)) || text.charAt(at - 1) == '.');
    int end = at + length;
    boolean after = end >= text.length()
        || !(Character.isDigit(text.charAt(end)) || text.charAt(end) == '.' && end + 1 < text.length() && Character.isDigit(text.charAt(end + 1)));
    return before && after;
  }

  private static boolean free(boolean[] taken, int at, int length) {
    for (int i = at; i < at + length; i++) {
      if (taken[i]) {
        return false;
      }
    }
    return true;
  }

  private static void mark(boolean[] taken, int at, int length) {
    for (int i = at; i < at + length; i++) {
      taken[i] = true;
    }
  }
}
