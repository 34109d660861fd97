package dev.cuifu.launcher.orderimport;

import dev.cuifu.common.orderfile.OrderFileProfile;
import dev.cuifu.common.orderfile.OrderFileProfiles;
import java.util.ArrayList;
import java.util.List;

/**
 * How an order export maps onto Cuifu's events: the file's columns ({@link OrderFileProfile}) and
 * the item summary every imported OrderCreated carries (exports rarely have a one-line summary, and
 * the event requires one). Read by {@link OrderFileProfiles} as an import needs it (buyer columns
 * and item summary required), so the same JSON works for {@code backtest}.
 */
public record ImportProfile(OrderFileProfile file, String itemSummary) {

  static final String DEFAULT_PATTERN = OrderFileProfiles.DEFAULT_PATTERN;

  /** A built-in profile's name (case-insensitive) or the path of a profile JSON file. */
  public static ImportProfile load(String nameOrPath) {
    return of(OrderFileProfiles.load(nameOrPath, OrderFileProfiles.Use.IMPORT));
  }

  /** A profile from its JSON; {@code source} names it in messages and is its name when it has none. */
  public static ImportProfile fromJson(String json, String source) {
    return of(OrderFileProfiles.fromJson(json, source, OrderFileProfiles.Use.IMPORT));
  }

  private static ImportProfile of(OrderFileProfiles.Loaded loaded) {
    return new ImportProfile(loaded.file(), loaded.itemSummary());
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
}
