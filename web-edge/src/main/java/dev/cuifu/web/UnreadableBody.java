package dev.cuifu.web;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Why a request body bound by Spring MVC could not be read, in words a client can act on: the
 * field (its JSON path, {@code buyers[0].paidOrders}) and the reason, or where malformed JSON broke.
 * Never the value itself (it may be a password or a phone number), nor Jackson's class names.
 *
 * @param detail the sentence for the problem's {@code detail}
 * @param field the JSON path of the field to blame, or null when the body as a whole is
 * @param reason what is wrong with that field, or null
 */
public record UnreadableBody(String detail, String field, String reason) {

  /** The reading failure behind {@code e}, in words. */
  public static UnreadableBody of(HttpMessageNotReadableException e) {
    JacksonException jackson = null;
    for (Throwable t = e.getCause(); t != null && jackson == null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof JacksonException j) {
        jackson = j;
      }
    }
    if (jackson == null) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      if (message.startsWith("Required request body is missing")) {
        return new UnreadableBody("The request body is empty; expected a JSON object.", null, null);
      }
      return new UnreadableBody("The request body could not be read as JSON.", null, null);
    }
    return of(jackson);
  }

  /** A body read by hand (a JSON tree, a byte array) that Jackson could not read, in words. */
  public static UnreadableBody of(JacksonException e) {
    String path = path(e.getPath());
    if (e instanceof StreamConstraintsException) {
      String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().toLowerCase(Locale.ROOT);
      String what = message.contains("nesting")
          ? "is nested too deeply"
          : message.contains("number") ? "holds a number that is too long" : "holds a value that is too long";
      return new UnreadableBody("The request body " + what + " to be read" + at(e) + ".", null, null);
    }
    if (e instanceof InputCoercionException coercion) {
      String field = path.isEmpty() ? "$" : path;
      String reason = "is out of range (expected " + describe(coercion.getTargetType()) + ")";
      return new UnreadableBody(field + " " + reason + ".", field, reason);
    }
    if (e instanceof StreamReadException) {
      return new UnreadableBody("Malformed JSON" + at(e) + ": " + malformed(e) + ".", null, null);
    }
    if (e instanceof DatabindException) {
      String field = path.isEmpty() ? "$" : path;
      String reason = reason(e);
      if (field.equals("$") && reason.startsWith("is empty")) {
        return new UnreadableBody("The request body is empty; expected a JSON object.", null, null);
      }
      return new UnreadableBody(field + " " + reason + ".", field, reason);
    }
    return new UnreadableBody("The request body could not be read as JSON" + at(e) + ".", null, null);
  }

  private static String reason(JacksonException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (e instanceof UnrecognizedPropertyException) {
      return "is not a known field";
    }
    if (e instanceof MismatchedInputException && message.startsWith("No content to map")) {
      return "is empty; expected a JSON object";
    }
    if (e instanceof InvalidFormatException format) {
      String expected = " (expected " + describe(format.getTargetType()) + ")";
      if (format.getValue() instanceof Number n && fractional(n)) {
        return "has the wrong type" + expected; // a fraction where a whole number belongs (1.5 for a tier), not too large
      }
      if (format.getValue() instanceof Number || message.contains("out of range")) {
        return "is out of range" + expected;
      }
      Class<?> target = format.getTargetType();
      boolean textual = target == null || target == String.class || !target.getName().startsWith("java.lang.");
      return (textual ? "has the wrong format" : "has the wrong type") + expected;
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return "has the wrong type (expected " + describe(mismatch.getTargetType()) + ")";
    }
    return "cannot be read";
  }

  private static boolean fractional(Number n) {
    if (n instanceof BigDecimal decimal) {
      return decimal.stripTrailingZeros().scale() > 0;
    }
    double d = n.doubleValue();
    return (n instanceof Double || n instanceof Float) && Double.isFinite(d) && d != Math.rint(d);
  }

  private static final Pattern DUPLICATE_NAME =
      Pattern.compile("['\"]([A-Za-z][A-Za-z0-9_]{0,63})['\"]");

  /** Jackson's reason for malformed JSON, by kind, without quoting the body. */
  private static String malformed(JacksonException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("utf-8") || lower.contains("utf8") || lower.contains("invalid utf")) {
      return "the body is not valid UTF-8";
    }
    if (lower.contains("ctrl-char") || lower.contains("control character")) {
      return "a string holds a raw control character (escape it, e.g. \\n)";
    }
    if (lower.contains("surrogate")) {
      return "a string holds an unpaired surrogate";
    }
    if (lower.contains("end-of-input") || lower.contains("end of input")) {
      return "the body ends before the JSON is complete";
    }
    if (lower.contains("duplicate")) {
      // the field's name helps the sender; only a name a schema could hold is repeated back
      Matcher name = DUPLICATE_NAME.matcher(message);
      return name.find() ? "field '" + name.group(1) + "' appears twice" : "a field appears twice";
    }
    if (lower.contains("trailing token")) {
      return "something follows the JSON value";
    }
    return "unexpected character or token";
  }

  private static String at(JacksonException e) {
    TokenStreamLocation location = e.getLocation();
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** The JSON path of the field {@code e} is about, {@code $} for the root. */
  public static String path(JacksonException e) {
    String path = path(e.getPath());
    return path.isEmpty() ? "$" : path;
  }

  /**
   * The detail of a path variable or query parameter of the wrong type: its name and the type it
   * takes, never the value (Spring's own detail quotes it, however long or personal).
   */
  public static String mismatch(TypeMismatchException e) {
    String name = e instanceof MethodArgumentTypeMismatchException argument ? argument.getName() : e.getPropertyName();
    return "'" + name + "' has the wrong type (expected " + describe(e.getRequiredType()) + ").";
  }

  /** The detail of a 415: the type sent and the types the operation takes. */
  public static String unsupported(HttpMediaTypeNotSupportedException e) {
    String sent = e.getContentType() == null
        ? "The request has no Content-Type"
        : "Content-Type '" + e.getContentType() + "' is not supported here";
    return e.getSupportedMediaTypes().isEmpty()
        ? sent + "."
        : sent + "; send " + MediaType.toString(e.getSupportedMediaTypes()) + ".";
  }

  /** A JSON path such as {@code buyers[0].paidOrders}; empty for the root. */
  static String path(List<JacksonException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference reference : references) {
      if (reference.getPropertyName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (type == Integer.class || type == int.class || type == Short.class || type == short.class) {
      return "a whole number from -2147483648 to 2147483647";
    }
    if (type == Long.class || type == long.class) {
      return "a whole number from -9223372036854775808 to 9223372036854775807";
    }
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class || type.isEnum() || type == Character.class || type == char.class) {
      return "a string";
    }
    if (type == Instant.class) {
      return "an ISO-8601 instant such as 2025-06-01T08:00:00Z";
    }
    if (type == Duration.class) {
      return "an ISO-8601 duration such as PT30M";
    }
    if (type == LocalDate.class) {
      return "a date such as 2025-06-01";
    }
    if (type == LocalTime.class) {
      return "a time of day such as 21:00";
    }
    if (type == ZoneId.class) {
      return "a time zone id such as Asia/Shanghai";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) {
      return "an object";
    }
    return "a " + type.getSimpleName();
  }
}
