package dev.cuifu.common.orderfile;

import dev.cuifu.common.kafka.EventJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;

/**
 * Order file profiles by name or file: a built-in one ({@code tmall}), or a profile JSON a shop
 * writes for its own export (format in docs/import.md), checked as a whole so that every mistake
 * is named at once. One reader for every command and API that takes a profile: the same file
 * works for {@code import} and {@code backtest}.
 */
public final class OrderFileProfiles {

  public static final String DEFAULT_PATTERN = "yyyy-MM-dd HH:mm:ss";

  /** The most characters an item summary may have (an event's bound). */
  static final int MAX_ITEM_SUMMARY = 500;

  /** Longest name, header, zone or pattern a profile may give. */
  private static final int MAX_TEXT = 200;

  private static final Set<String> FIELDS = Set.of("name", "columns", "currency", "timeZone", "timestampPattern", "itemSummary");

  /** What a profile is read for: an import needs more of it than a replay does. */
  public enum Use {
    /** A replay: the order id, created-at and amount columns are enough; buyers and item summary are optional. */
    BACKTEST(List.of("orderId", "createdAt", "amount"), List.of("paidAt", "currency", "buyerId", "buyerPhone", "closedAt", "refund"), false),
    /** Live orders: every OrderCreated needs a buyer id, a buyer phone and an item summary. */
    IMPORT(List.of("orderId", "createdAt", "amount", "buyerId", "buyerPhone"), List.of("paidAt", "currency", "closedAt", "refund"), true);

    final List<String> required;
    final List<String> optional;
    final boolean itemSummary;

    Use(List<String> required, List<String> optional, boolean itemSummary) {
      this.required = required;
      this.optional = optional;
      this.itemSummary = itemSummary;
    }
  }

  /**
   * A profile as read.
   *
   * @param itemSummary the text an import's orders are named by; null for a built-in profile or a
   *     backtest profile without one
   */
  public record Loaded(OrderFileProfile file, String itemSummary) {}

  private OrderFileProfiles() {}

  /** A built-in profile's name (case-insensitive) or the path of a profile JSON file. */
  public static Loaded load(String nameOrPath, Use use) {
    var builtIn = OrderFileProfile.builtIn(nameOrPath);
    if (builtIn.isPresent()) {
      return new Loaded(builtIn.get(), null);
    }
    Path path = Path.of(nameOrPath);
    if (!Files.isRegularFile(path)) {
      throw new InvalidProfileException(
          "no built-in profile '%s' (there are %s) and no such file".formatted(nameOrPath, OrderFileProfile.builtInNames()),
          List.of());
    }
    try {
      return fromJson(Files.readString(path), path.getFileName().toString(), use);
    } catch (IOException e) {
      throw new InvalidProfileException("cannot read " + path + ": " + e.getMessage(), List.of());
    }
  }

  /** A profile from its JSON; {@code source} names it in messages and is its name when it has none. */
  public static Loaded fromJson(String json, String source, Use use) {
    JsonNode root;
    try {
      // a key given twice is refused, not read as its last value: the event and policy APIs read so too
      root = EventJson.mapper().reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(json);
    } catch (JacksonException e) {
      boolean duplicate = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate");
      throw new InvalidProfileException(
          "profile %s %s (line %d, column %d)"
              .formatted(
                  source,
                  duplicate ? "names a field twice" : "is not JSON",
                  e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                  e.getLocation() == null ? 0 : e.getLocation().getColumnNr()),
          List.of());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidProfileException("profile " + source + " must be a JSON object", List.of());
    }
    List<String> problems = new ArrayList<>();
    for (String field : root.propertyNames()) {
      if (!FIELDS.contains(field)) {
        problems.add(field + ": not a profile field (they are " + FIELDS.stream().sorted().toList() + ")");
      }
    }
    String name = text(root, "name", false, problems, "");
    JsonNode columns = root.get("columns");
    if (columns == null || !columns.isObject()) {
      problems.add("columns: required, an object naming the header of each column (" + use.required + " at least)");
      columns = EventJson.mapper().createObjectNode();
    }
    for (String field : columns.propertyNames()) {
      if (!use.required.contains(field) && !use.optional.contains(field)) {
        problems.add("columns." + field + ": not a column Cuifu reads (it reads " + use.required + " and optionally " + use.optional + ")");
      }
    }
    String orderId = column(columns, "orderId", use, problems);
    String createdAt = column(columns, "createdAt", use, problems);
    String amount = column(columns, "amount", use, problems);
    String buyerId = column(columns, "buyerId", use, problems);
    String buyerPhone = column(columns, "buyerPhone", use, problems);
    String paidAt = column(columns, "paidAt", use, problems);
    String currencyColumn = column(columns, "currency", use, problems);
    String closedAt = column(columns, "closedAt", use, problems);
    String refund = column(columns, "refund", use, problems);
    sharedColumns(columns, problems);

    boolean currencyGiven = root.hasNonNull("currency");
    String currency = text(root, "currency", false, problems, "");
    // a currency of the wrong type is named as such above, not as missing
    boolean wrongType = currencyGiven && currency == null;
    if (!wrongType && (currency == null) == (currencyColumn == null)) {
      problems.add("currency: give either a fixed currency (\"currency\": \"CNY\") or a currency column (columns.currency), not both");
    } else if (currency != null) {
      try {
        currency = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getCurrencyCode();
      } catch (IllegalArgumentException e) {
        problems.add("currency: not an ISO 4217 code such as CNY or USD");
      }
    }
    ZoneId zone = null;
    String zoneName = text(root, "timeZone", true, problems, "");
    if (zoneName != null) {
      try {
        zone = ZoneId.of(zoneName);
      } catch (DateTimeException e) {
        problems.add("timeZone: not a time zone id such as Asia/Shanghai or Europe/Berlin");
      }
    }
    String pattern = text(root, "timestampPattern", false, problems, "");
    pattern = pattern == null ? DEFAULT_PATTERN : pattern;
    try {
      DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
    } catch (IllegalArgumentException e) {
      problems.add("timestampPattern: not a java.time DateTimeFormatter pattern such as " + DEFAULT_PATTERN);
    }
    String itemSummary = text(root, "itemSummary", use.itemSummary, problems, "", MAX_ITEM_SUMMARY);
    if (!problems.isEmpty()) {
      throw new InvalidProfileException("profile " + source + " is not valid", problems);
    }
    return new Loaded(
        new OrderFileProfile(
            name == null ? source : name, orderId, createdAt, paidAt, amount, currencyColumn, currency, buyerId, buyerPhone,
            closedAt, refund, zone, pattern),
        itemSummary);
  }

  /**
   * Two fields read from one header column (amount from the order id's, paidAt from createdAt's) is
   * a slip that would replay or import every order wrong without a single line error, so it is named.
   */
  private static void sharedColumns(JsonNode columns, List<String> problems) {
    Map<String, String> fieldByColumn = new HashMap<>();
    for (String field : columns.propertyNames()) {
      JsonNode value = columns.get(field);
      if (value == null || !value.isString() || value.asString().isBlank()) {
        continue;
      }
      // header names are compared after trimming spaces (OrderFileReader)
      String earlier = fieldByColumn.putIfAbsent(value.asString().strip(), field);
      if (earlier != null) {
        problems.add("columns." + field + ": the same header column as columns." + earlier + "; each field needs a column of its own");
      }
    }
  }

  private static boolean unprintable(int c) {
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
  }

  private static String column(JsonNode columns, String field, Use use, List<String> problems) {
    return text(columns, field, use.required.contains(field), problems, "columns.");
  }

  private static String text(JsonNode node, String field, boolean required, List<String> problems, String prefix) {
    return text(node, field, required, problems, prefix, MAX_TEXT);
  }

  private static String text(JsonNode node, String field, boolean required, List<String> problems, String prefix, int max) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        problems.add(prefix + field + ": required");
      }
      return null;
    }
    if (!value.isString() || value.asString().isBlank()) {
      problems.add(prefix + field + ": must be a non-empty string");
      return null;
    }
    String text = value.asString();
    // names a header, a zone or a pattern: short, and printable wherever it is echoed (stderr, a 400)
    if (text.length() > max || text.codePoints().anyMatch(OrderFileProfiles::unprintable)) {
      problems.add(prefix + field + ": must be at most " + max + " characters without control or format characters");
      return null;
    }
    return text;
  }
}
