package dev.cuifu.reminder.optout;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.common.phone.ShopNumber;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.web.FieldProblem;
import dev.cuifu.reminder.web.InvalidRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Hand-checks the opt-out API's inputs, collecting one {@link FieldProblem} per bad field so a
 * single 400 names them all. Messages never repeat the phone number given.
 */
final class OptOutRequests {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_REASON_LENGTH = 500;

  static final String CHANNEL_MESSAGE =
      "must be one of " + Arrays.stream(Channel.values()).map(Channel::name).collect(Collectors.joining(", "));
  static final String PHONE_MESSAGE = "must be a valid phone number in international form, e.g. +86 138 0013 8000";
  static final String LIMIT_MESSAGE = "must be a whole number from 1 to " + OptOutRegistry.MAX_LIMIT;
  static final String REQUIRED_MESSAGE = "is required";

  private final List<FieldProblem> problems = new ArrayList<>();
  private final String phoneRegion;

  /** For a shop that sends E.164 only. */
  OptOutRequests() {
    this(null);
  }

  /**
   * @param phoneRegion the shop's region (e.g. {@code CN}) to read numbers without {@code +} in, as
   *     order-ingest reads its events' numbers, so a shop opts buyers out with the numbers it sends
   */
  OptOutRequests(String phoneRegion) {
    this.phoneRegion = phoneRegion;
  }

  /** A channel name as the enum spells it; null (and a problem) when missing or unknown. */
  Channel channel(String field, String value, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        problems.add(new FieldProblem(field, REQUIRED_MESSAGE));
      } else if (value != null) {
        problems.add(new FieldProblem(field, CHANNEL_MESSAGE));
      }
      return null;
    }
    for (Channel channel : Channel.values()) {
      if (channel.name().equals(value.strip())) {
        return channel;
      }
    }
    problems.add(new FieldProblem(field, CHANNEL_MESSAGE));
    return null;
  }

  /**
   * The E.164 form of a required phone, written as the shop sends it in events: in international
   * form, or national in the shop's phoneRegion. Any valid number is taken, mobile or not (opting a
   * fixed line out is harmless). Null (and a problem saying why, the number masked) when missing or
   * invalid.
   */
  String phone(String field, String value) {
    if (value == null || value.isBlank()) {
      problems.add(new FieldProblem(field, REQUIRED_MESSAGE));
      return null;
    }
    ShopNumber read = PhoneNumbers.read(value, phoneRegion);
    if (read instanceof ShopNumber.Refused refused) {
      problems.add(new FieldProblem(field, refused.reason()));
      return null;
    }
    return ((ShopNumber.Valid) read).e164();
  }

  /**
   * An optional E.164 phone from a query string (a paging cursor the API handed out, so never read
   * in the shop's region). An unencoded {@code +} arrives as a space there, so a value that starts
   * with a space followed by a digit is read as starting with {@code +}.
   */
  String queryPhone(String field, String value) {
    if (value == null) {
      return null;
    }
    String repaired = value;
    if (value.startsWith(" ") && !value.isBlank() && Character.isDigit(value.stripLeading().charAt(0))) {
      repaired = "+" + value.stripLeading();
    }
    if (!PhoneNumbers.isValid(repaired)) {
      problems.add(new FieldProblem(field, PHONE_MESSAGE));
      return null;
    }
    return PhoneNumbers.normalise(repaired);
  }

  int limit(String field, String value) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value.strip());
      if (limit >= 1 && limit <= OptOutRegistry.MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(new FieldProblem(field, LIMIT_MESSAGE));
    return DEFAULT_LIMIT;
  }

  /** An optional free-text reason, stripped; blank counts as none. */
  String reason(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String reason = value.strip();
    if (reason.length() > MAX_REASON_LENGTH) {
      problems.add(new FieldProblem(field, "must be at most " + MAX_REASON_LENGTH + " characters"));
      return null;
    }
    return reason;
  }

  List<FieldProblem> problems() {
    return List.copyOf(problems);
  }

  /** Throws the 400 naming every bad field, if there is any. */
  void check() {
    if (problems.isEmpty()) {
      return;
    }
    String detail = problems.size() == 1 ? "1 field is invalid." : problems.size() + " fields are invalid.";
    throw new InvalidRequestException(detail, problems);
  }
}
