package dev.cuifu.common.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
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

  /**
   * A buyer's number as a shop sends it, made into the E.164 number an SMS is sent to, or refused
   * with the reason. A number in international form ({@code +86 138 0013 8000}) is read as such;
   * any other ({@code 138 0013 8000}, {@code 0086…}) is read as dialled in {@code defaultRegion}
   * (ISO 3166 alpha-2, e.g. {@code CN}) and refused when there is none. A valid number that cannot
   * be a mobile (fixed line, toll-free, …) is refused too: an SMS cannot reach it. Reasons show
   * the number masked, never as sent.
   */
  public static SmsNumber forSms(String sent, String defaultRegion) {
    ShopNumber read = read(sent, defaultRegion);
    if (read instanceof ShopNumber.Refused refused) {
      return new SmsNumber.Refused(refused.reason());
    }
    String e164 = ((ShopNumber.Valid) read).e164();
    // the next step (stamping, validating) handles the E.164 form: parse() finds it in LAST
    PhoneNumberType type = UTIL.getNumberType(LAST.get().number().orElseThrow());
    if (type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE) {
      return new SmsNumber.Refused(mask(e164) + " is " + describe(type) + ", not a mobile number: an SMS cannot reach it");
    }
    return new SmsNumber.Mobile(e164);
  }

  /**
   * A number a shop sends, read as {@link #forSms} reads it (international form as such, any other
   * in {@code defaultRegion}) but accepting any valid number, mobile or not: for lists such as
   * opt-outs, where a fixed line is harmless. Reasons show the number masked, never as sent.
   */
  public static ShopNumber read(String sent, String defaultRegion) {
    if (sent == null || sent.isBlank()) {
      return new ShopNumber.Refused("must not be blank");
    }
    boolean international = isInternationalForm(sent);
    if (!international && defaultRegion == null) {
      return new ShopNumber.Refused(
          "has no + and country code, and the shop has no phoneRegion to read a national number in:"
              + " send it in E.164 form (+ and country code) or set the shop's phoneRegion (e.g. CN)");
    }
    String region = international ? null : defaultRegion;
    String where = international ? "" : " in " + region;
    PhoneNumber number;
    try {
      number = UTIL.parse(sent.strip().replace('\uFF0B', '+'), region);
    } catch (NumberParseException e) {
      return new ShopNumber.Refused(
          switch (e.getErrorType()) {
            case INVALID_COUNTRY_CODE -> "has a country code that does not exist";
            case TOO_SHORT_NSN, TOO_SHORT_AFTER_IDD -> "is too short for a phone number" + where;
            case TOO_LONG -> "is too long for a phone number" + where;
            default -> "is not a phone number" + where;
          });
    }
    if (!UTIL.isValidNumber(number)) {
      ValidationResult possible = UTIL.isPossibleNumberWithReason(number);
      return new ShopNumber.Refused(
          switch (possible) {
            case TOO_SHORT -> "is too short for a phone number" + where;
            case TOO_LONG -> "is too long for a phone number" + where;
            case INVALID_COUNTRY_CODE -> "has a country code that does not exist";
            default -> "is not a valid phone number" + where;
          });
    }
    String e164 = UTIL.format(number, PhoneNumberFormat.E164);
    LAST.set(new Parsed(e164, Optional.of(number)));
    return new ShopNumber.Valid(e164);
  }

  /** Whether the number is written with its country code ({@code +}, or the full-width {@code ＋}). */
  public static boolean isInternationalForm(String number) {
    String stripped = number == null ? "" : number.strip();
    return stripped.startsWith("+") || stripped.startsWith("\uFF0B");
  }

  /**
   * The region code libphonenumber knows national numbers of, upper-cased ({@code cn} → {@code
   * CN}); empty for anything else ({@code XX}, {@code ZZ}, {@code CHN}, {@code 001}).
   */
  public static Optional<String> supportedRegion(String region) {
    if (region == null) {
      return Optional.empty();
    }
    String upper = region.strip().toUpperCase(Locale.ROOT);
    return UTIL.getSupportedRegions().contains(upper) ? Optional.of(upper) : Optional.empty();
  }

  private static String describe(PhoneNumberType type) {
    return switch (type) {
      case FIXED_LINE -> "a fixed-line number";
      case TOLL_FREE -> "a toll-free number";
      case PREMIUM_RATE -> "a premium-rate number";
      case SHARED_COST -> "a shared-cost number";
      case VOIP -> "a VoIP number";
      case PERSONAL_NUMBER -> "a personal (follow-me) number";
      case PAGER -> "a pager number";
      case UAN -> "a company (UAN) number";
      case VOICEMAIL -> "a voicemail access number";
      default -> "a number of unknown type";
    };
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
