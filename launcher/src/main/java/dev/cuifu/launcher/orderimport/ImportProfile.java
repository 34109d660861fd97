package dev.cuifu.launcher.orderimport;

import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.common.orderfile.OrderFileProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * How an order export maps onto Cuifu's events: the file's columns ({@link OrderFileProfile}) and
 * the item summary every imported OrderCreated carries (exports rarely have a one-line summary, and
 * the event requires one). A built-in profile by name, or a JSON file a shop writes for its own
 * export (format in docs/import.md), checked as a whole so that every mistake is named at once.
 */
public record ImportProfile(OrderFileProfile file, String itemSummary) {

  static final String DEFAULT_PATTERN = "yyyy-MM-dd HH:mm:ss";

  private static final Set<String> FIELDS = Set.of("name", "columns", "currency", "timeZone", "timestampPattern", "itemSummary");
  private static final List<String> REQUIRED_COLUMNS = List.of("orderId", "createdAt", "amount", "buyerId", "buyerPhone");
  private static final List<String> OPTIONAL_COLUMNS = List.of("paidAt", "currency", "closedAt", "refund");

  /** A built-in profile's name (case-insensitive) or the path of a profile JSON file. */
  public static ImportProfile load(String nameOrPath) {
    var builtIn = OrderFileProfile.builtIn(nameOrPath);
    if (builtIn.isPresent()) {
      return new ImportProfile(builtIn.get(), null);
    }
    Path path = Path.of(nameOrPath);
    if (!Files.isRegularFile(path)) {
      throw new InvalidProfileException(
          "no built-in profile '%s' (there are %s) and no such file".formatted(nameOrPath, OrderFileProfile.builtInNames()),
          List.of());
    }
    try {
      return fromJson(Files.readString(path), path.getFileName().toString());
    } catch (IOException e) {
      throw new InvalidProfileException("cannot read " + path + ": " + e.getMessage(), List.of());
    }
  }

  /** A profile from its JSON; {@code source} names it in messages and is its name when it has none. */
  public static ImportProfile fromJson(String json, String source) {
    JsonNode root;
    try {
      root = EventJson.mapper().readTree(json);
    } catch (JacksonException e) {
      throw new InvalidProfileException(
          "profile %s is not JSON (line %d, column %d)"
              .formatted(source, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), e.getLocation() == null ? 0 : e.getLocation().getColumnNr()),
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
    String name = text(root, "name", false, problems);
    JsonNode columns = root.get("columns");
    if (columns == null || !columns.isObject()) {
      problems.add("columns: required, an object naming the header of each column (" + REQUIRED_COLUMNS + " at least)");
      columns = EventJson.mapper().createObjectNode();
    }
    for (String field : columns.propertyNames()) {
      if (!REQUIRED_COLUMNS.contains(field) && !OPTIONAL_COLUMNS.contains(field)) {
        problems.add("columns." + field + ": not a column Cuifu reads (it reads " + REQUIRED_COLUMNS + " and optionally " + OPTIONAL_COLUMNS + ")");
      }
    }
    String orderId = text(columns, "orderId", true, problems, "columns.");
    String createdAt = text(columns, "createdAt", true, problems, "columns.");
    String amount = text(columns, "amount", true, problems, "columns.");
    String buyerId = text(columns, "buyerId", true, problems, "columns.");
    String buyerPhone = text(columns, "buyerPhone", true, problems, "columns.");
    String paidAt = text(columns, "paidAt", false, problems, "columns.");
    String currencyColumn = text(columns, "currency", false, problems, "columns.");
    String closedAt = text(columns, "closedAt", false, problems, "columns.");
    String refund = text(columns, "refund", false, problems, "columns.");

    String currency = text(root, "currency", false, problems);
    if ((currency == null) == (currencyColumn == null)) {
      problems.add("currency: give either a fixed currency (\"currency\": \"CNY\") or a currency column (columns.currency), not both");
    } else if (currency != null) {
      try {
        currency = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getCurrencyCode();
      } catch (IllegalArgumentException e) {
        problems.add("currency: not an ISO 4217 code such as CNY or USD");
      }
    }
    ZoneId zone = null;
    String zoneName = text(root, "timeZone", true, problems);
    if (zoneName != null) {
      try {
        zone = ZoneId.of(zoneName);
      } catch (DateTimeException e) {
        problems.add("timeZone: not a time zone id such as Asia/Shanghai or Europe/Berlin");
      }
    }
    String pattern = text(root, "timestampPattern", false, problems);
    pattern = pattern == null ? DEFAULT_PATTERN : pattern;
    try {
      DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
    } catch (IllegalArgumentException e) {
      problems.add("timestampPattern: not a java.time DateTimeFormatter pattern such as " + DEFAULT_PATTERN);
    }
    String itemSummary = text(root, "itemSummary", true, problems);
    if (itemSummary != null && itemSummary.length() > 500) {
      problems.add("itemSummary: at most 500 characters");
    }
    if (!problems.isEmpty()) {
      throw new InvalidProfileException("profile " + source + " is not valid", problems);
    }
    return new ImportProfile(
        new OrderFileProfile(
            name == null ? source : name, orderId, createdAt, paidAt, amount, currencyColumn, currency, buyerId, buyerPhone,
            closedAt, refund, zone, pattern),
        itemSummary);
  }

  /**
   * Why this profile cannot make OrderCreated events at all, or null when it can: said once, up
   * front, instead of the same error on every line.
   */
  public String whyNotImportable() {
    List<String> lacking = new ArrayList<>();
    if (file.buyerPhone() == null) {
      lacking.add("no buyer phone column");
    }
    if (file.buyerId() == null) {
      lacking.add("no buyer id column");
    }
    if (itemSummary == null) {
      lacking.add("no item summary");
    }
    if (lacking.isEmpty()) {
      return null;
    }
    return ("profile %s has %s, and every OrderCreated needs a buyer phone, a buyer id and an item summary: its orders"
            + " cannot be imported as live orders. A report without phone numbers (Tmall's 订单报表) is for `backtest`;"
            + " to import an export that has them, write a profile JSON (docs/import.md).")
        .formatted(file.name(), String.join(", ", lacking));
  }

  private static String text(JsonNode node, String field, boolean required, List<String> problems) {
    return text(node, field, required, problems, "");
  }

  private static String text(JsonNode node, String field, boolean required, List<String> problems, String prefix) {
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
    return value.asString();
  }

  /** A profile that cannot be used: what is wrong with it, every field at once. */
  public static final class InvalidProfileException extends RuntimeException {

    private final List<String> problems;

    InvalidProfileException(String message, List<String> problems) {
      super(message, null, false, false);
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }

    /** The message and one line per problem, for the terminal. */
    public String describe() {
      StringBuilder text = new StringBuilder(getMessage());
      problems.forEach(problem -> text.append("\n  - ").append(problem));
      return text.toString();
    }
  }
}
