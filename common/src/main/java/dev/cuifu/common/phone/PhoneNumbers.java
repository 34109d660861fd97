package dev.cuifu.common.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;

/** E.164 parsing, validation and masking, backed by libphonenumber. */
public final class PhoneNumbers {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /**
   * The last number this thread parsed, and the E.164 form it normalised to. Parsing is the
   * costliest step of taking an order (regular expressions over the country's metadata), and
   * callers handle one number several times in a row: order-ingest normalises a number and then
   * validates the E.164 result, dispatch checks a number and then normalises it.
   */
  private static final ThreadLocal<Parsed> LAST = new ThreadLocal<>();

  private record Parsed(String raw, Optional<PhoneNumber> number) {}

  private PhoneNumbers() {}

  /** A valid number in international form ({@code +86 138 0013 8000} or {@code +8613800138000}). */
  public static boolean isValid(String number) {
    return parse(number).isPresent();
  }

  /** The E.164 form of a valid number; fails on an invalid one. */
  public static String normalise(String number) {
    Optional<PhoneNumber> parsed = parse(number);
    String e164 =
        parsed
            .map(n -> UTIL.format(n, PhoneNumberFormat.E164))
            .orElseThrow(() -> new IllegalArgumentException("not a valid phone number: " + mask(number)));
    LAST.set(new Parsed(e164, parsed));
    return e164;
  }

  /**
   * A form that is safe for logs: country code, the first three and the last four digits of the
   * national number, e.g. {@code +86 138****5678}.
   */
  public static String mask(String number) {
    if (number == null) {
      return "null";
    }
    return parse(number)
        .map(
            n -> {
              String national = UTIL.getNationalSignificantNumber(n);
              int keepHead = Math.min(3, Math.max(0, national.length() - 6));
              int keepTail = Math.min(4, Math.max(0, national.length() - keepHead - 2));
              return "+"
                  + n.getCountryCode()
                  + " "
                  + national.substring(0, keepHead)
                  + "*".repeat(national.length() - keepHead - keepTail)
                  + national.substring(national.length() - keepTail);
            })
        .orElse("<invalid number>");
  }

  private static Optional<PhoneNumber> parse(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    Parsed last = LAST.get();
    if (last != null && last.raw().equals(raw)) {
      return last.number();
    }
    Optional<PhoneNumber> parsed = parseAnew(raw);
    LAST.set(new Parsed(raw, parsed));
    return parsed;
  }

  private static Optional<PhoneNumber> parseAnew(String raw) {
    // Chinese input methods often type a full-width plus
    String number = raw.strip().replace('\uFF0B', '+');
    if (!number.startsWith("+")) {
      return Optional.empty();
    }
    try {
      PhoneNumber parsed = UTIL.parse(number, null);
      return UTIL.isValidNumber(parsed) ? Optional.of(parsed) : Optional.empty();
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }
}
