package dev.cuifu.ingest.platform;

import dev.cuifu.common.event.Money;
import dev.cuifu.ingest.web.FieldProblem;
import dev.cuifu.ingest.web.InvalidRequestException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reading the fields of a platform's JSON: absent, null and empty are all "not given". */
public final class PlatformJson {

  private PlatformJson() {}

  /** The text at the path (numbers as their digits), or null. */
  public static String text(JsonNode node, String... path) {
    JsonNode at = node;
    for (String field : path) {
      if (at == null || !at.isObject()) {
        return null;
      }
      at = at.get(field);
    }
    if (at == null || at.isNull() || at.isContainer()) {
      return null;
    }
    String text = at.isIntegralNumber() ? at.bigIntegerValue().toString() : at.asString();
    return text == null || text.isBlank() ? null : text.strip();
  }

  /** The first of these texts that is given, or null. */
  public static String firstText(JsonNode node, String[]... paths) {
    for (String[] path : paths) {
      String text = text(node, path);
      if (text != null) {
        return text;
      }
    }
    return null;
  }

  /** "Tea set ×2, Cups ×6": each line item's name (the first of {@code nameFields} given) and quantity; null when none. */
  public static String items(JsonNode lines, String... nameFields) {
    List<String> items = new java.util.ArrayList<>();
    if (lines != null && lines.isArray()) {
      for (JsonNode line : lines) {
        String name = null;
        for (int i = 0; i < nameFields.length && name == null; i++) {
          name = text(line, nameFields[i]);
        }
        if (name != null) {
          String quantity = text(line, "quantity");
          items.add(quantity == null ? name : name + " ×" + quantity);
        }
      }
    }
    return items.isEmpty() ? null : String.join(", ", items);
  }

  public static Instant orElse(Instant value, Instant fallback) {
    return value != null ? value : fallback;
  }

  /** The body must be a JSON object: anything else is a malformed delivery (400). */
  public static JsonNode object(JsonNode tree) {
    if (!tree.isObject()) {
      throw new InvalidRequestException("The webhook's body must be a JSON object.", List.of(new FieldProblem("$", "must be an object")));
    }
    return tree;
  }

  /** A field every delivery of this kind has; without it the delivery is malformed (400). */
  public static String required(JsonNode node, String field) {
    String text = text(node, field);
    if (text == null) {
      throw new InvalidRequestException(
          "The webhook's body has no " + field + ".", List.of(new FieldProblem(field, "is missing")));
    }
    return text;
  }

  /** An ISO-8601 instant with an offset ({@code 2021-12-31T19:00:00-05:00}), or null. */
  public static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** A local date-time taken as UTC (WooCommerce's {@code *_gmt} fields), or null. */
  public static Instant utcInstant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return instant(text);
    }
  }

  /**
   * A decimal amount ({@code "254.98"}) in the currency's minor units, or null when it is not one
   * (the event that needs it is then refused naming {@code amount}).
   */
  public static Money money(String decimal, String currency) {
    if (decimal == null || currency == null) {
      return null;
    }
    try {
      int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
      long minor = new BigDecimal(decimal).movePointRight(digits).longValueExact();
      return new Money(minor, currency);
    } catch (IllegalArgumentException | ArithmeticException e) {
      return null;
    }
  }
}
