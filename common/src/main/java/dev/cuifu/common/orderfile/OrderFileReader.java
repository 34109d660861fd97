package dev.cuifu.common.orderfile;

import dev.cuifu.common.event.Money;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Reads an order export (CSV, UTF-8, a header line) row by row through a {@link OrderFileProfile},
 * handing each order on as it is read: memory stays bounded whatever the file's size. A line that
 * cannot be read is reported (line number and reason, never its content) and skipped; the rest go
 * on. Malformed CSV (an unclosed quote) ends the reading at that line: what follows cannot be
 * told apart reliably.
 */
public final class OrderFileReader {

  /** The years a timestamp may have: an order file's, not a typo's or an attack's. */
  static final int FIRST_YEAR = 1900;

  static final int LAST_YEAR = 9999;

  /** Header names a refusal lists at most, each cut to {@link #MAX_NAME_SHOWN} characters. */
  private static final int MAX_NAMES_SHOWN = 30;

  private static final int MAX_NAME_SHOWN = 40;

  /** Line errors kept for the report; the count goes on beyond them. */
  public static final int MAX_ERRORS = 1000;

  private static final CsvMapper CSV = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();

  private OrderFileReader() {}

  /** Reads UTF-8 bytes (a byte-order mark is skipped). */
  public static OrderFileSummary read(InputStream in, OrderFileProfile profile, Consumer<OrderRow> sink) {
    return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16), profile, sink);
  }

  public static OrderFileSummary read(Reader in, OrderFileProfile profile, Consumer<OrderRow> sink) {
    return read(in, profile, sink, error -> {});
  }

  /**
   * As {@link #read(Reader, OrderFileProfile, Consumer)}, also handing on every line error as it is
   * found, in file order (beyond {@link #MAX_ERRORS} too): a report of any length in bounded memory.
   */
  public static OrderFileSummary read(
      Reader in, OrderFileProfile profile, Consumer<OrderRow> sink, Consumer<LineError> onError) {
    return read(in, profile, sink, onError, unmapped -> {});
  }

  /**
   * As {@link #read(Reader, OrderFileProfile, Consumer, Consumer)}, also handing on, once and before
   * the first row, the header's columns the profile does not map (when there are any): what the
   * reading leaves out is said rather than dropped silently. Names are shown as a refusal shows them
   * (digit runs masked, long names cut).
   */
  public static OrderFileSummary read(
      Reader in, OrderFileProfile profile, Consumer<OrderRow> sink, Consumer<LineError> onError,
      Consumer<List<String>> onUnmappedColumns) {
    Errors errors = new Errors(onError);
    long rows = 0;
    try (MappingIterator<String[]> it = CSV.readerFor(String[].class).with(CsvSchema.emptySchema()).readValues(in)) {
      if (!it.hasNextValue()) {
        throw new OrderFileException("the file is empty: expected a header line");
      }
      String[] header = it.nextValue();
      Columns columns = Columns.of(header, profile);
      List<String> unmapped = Columns.unmapped(header, profile);
      if (!unmapped.isEmpty()) {
        onUnmappedColumns.accept(unmapped);
      }
      while (true) {
        // the line the row starts on, once its start is found; its cells may still be broken
        long line = -1;
        String[] cells;
        try {
          if (!it.hasNextValue()) {
            break;
          }
          // the CSV parser counts the row's line from 0
          line = it.parser().currentTokenLocation().getLineNr() + 1;
          cells = it.nextValue();
        } catch (JacksonException e) {
          // an unclosed quote runs to the end of the file: name the line the broken row starts on
          long at = line >= 0 ? line : e.getLocation() == null ? -1 : e.getLocation().getLineNr() + 1;
          errors.add(at, null, "malformed CSV (an unclosed quote?); reading stopped here");
          break;
        }
        if (cells.length == 0 || (cells.length == 1 && cells[0].isBlank())) {
          continue;
        }
        OrderRow row = columns.row(line, cells, errors);
        if (row != null) {
          rows++;
          sink.accept(row);
        }
      }
    } catch (JacksonException e) {
      throw new OrderFileException("the header line is not CSV");
    }
    return new OrderFileSummary(rows, errors.count, List.copyOf(errors.kept));
  }

  private static final class Errors {
    final Consumer<LineError> onError;
    long count;
    final List<LineError> kept = new ArrayList<>();

    Errors(Consumer<LineError> onError) {
      this.onError = onError;
    }

    void add(long line, String orderId, String reason) {
      count++;
      LineError error = new LineError(line, orderId, reason);
      if (kept.size() < MAX_ERRORS) {
        kept.add(error);
      }
      onError.accept(error);
    }
  }

  /** Where the profile's columns are in this file, and how to read their cells. */
  private record Columns(
      OrderFileProfile profile, DateTimeFormatter times, int width, int orderId, int createdAt, int paidAt, int amount, int currency,
      int buyerId, int buyerPhone, int closedAt, int refund) {

    static Columns of(String[] header, OrderFileProfile profile) {
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < header.length; i++) {
        // a byte-order mark and padding spaces are not part of a column's name
        index.putIfAbsent(header[i].replace("\uFEFF", "").strip(), i);
      }
      List<String> missing = new ArrayList<>();
      Map<String, Integer> found = new HashMap<>();
      for (String column : new String[] {
          profile.orderId(), profile.createdAt(), profile.paidAt(), profile.amount(), profile.currency(),
          profile.buyerId(), profile.buyerPhone(), profile.closedAt(), profile.refund()}) {
        if (column == null) {
          continue;
        }
        Integer at = index.get(column.strip());
        if (at == null) {
          missing.add(column.strip());
        } else {
          found.put(column, at);
        }
      }
      if (!missing.isEmpty()) {
        String notUtf8 =
            index.keySet().stream().anyMatch(name -> name.indexOf('\uFFFD') >= 0)
                ? "the file is not UTF-8 (save it as UTF-8: a report opened and saved in Excel is often GBK); "
                : "";
        throw new OrderFileException(
            notUtf8 + "the header lacks the column(s) " + missing + " of profile " + profile.name() + "; it has "
                + shown(index.keySet()));
      }
      return new Columns(
          profile, profile.formatter(), header.length, at(found, profile.orderId()), at(found, profile.createdAt()),
          at(found, profile.paidAt()), at(found, profile.amount()), at(found, profile.currency()),
          at(found, profile.buyerId()), at(found, profile.buyerPhone()), at(found, profile.closedAt()),
          at(found, profile.refund()));
    }

    /**
     * The header's names as a refusal may echo them: a file without a header line has an order's
     * cells there (a buyer's phone number among them), so digit runs are masked, and a binary or
     * one-line file is not echoed whole.
     */
    private static String shown(Set<String> names) {
      List<String> shown =
          names.stream()
              .sorted()
              .limit(MAX_NAMES_SHOWN)
              .map(Columns::shownName)
              .toList();
      return shown + (names.size() > MAX_NAMES_SHOWN ? " and " + (names.size() - MAX_NAMES_SHOWN) + " more" : "");
    }

    private static String shownName(String name) {
      String shown = name.replaceAll("\\p{Nd}{4,}", "…").replaceAll("\\p{Cntrl}", "?");
      return shown.length() > MAX_NAME_SHOWN ? shown.substring(0, MAX_NAME_SHOWN) + "…" : shown;
    }

    private static int at(Map<String, Integer> found, String column) {
      return column == null ? -1 : found.get(column);
    }

    /** The header's names the profile does not read, in header order (blank ones left out), as {@link #shown} shows names. */
    static List<String> unmapped(String[] header, OrderFileProfile profile) {
      Set<String> mapped = new HashSet<>();
      for (String column : new String[] {
          profile.orderId(), profile.createdAt(), profile.paidAt(), profile.amount(), profile.currency(),
          profile.buyerId(), profile.buyerPhone(), profile.closedAt(), profile.refund()}) {
        if (column != null) {
          mapped.add(column.strip());
        }
      }
      Set<String> names = new LinkedHashSet<>();
      for (String name : header) {
        String stripped = name.replace("\uFEFF", "").strip();
        if (!stripped.isEmpty() && !mapped.contains(stripped)) {
          names.add(stripped);
        }
      }
      return names.stream().limit(MAX_NAMES_SHOWN).map(Columns::shownName).toList();
    }

    /** The row, or null after reporting why it cannot be read (with its order id when that cell was read). */
    OrderRow row(long line, String[] cells, Errors errors) {
      // the id first: a line error names the order when it can
      String id = cell(cells, orderId);
      if (cells.length < width) {
        errors.add(line, id, cells.length + " column(s), the header has " + width);
        return null;
      }
      List<String> problems = new ArrayList<>(0);
      if (id == null) {
        problems.add(profile.orderId() + ": the order id is empty");
      }
      Instant created = time(cells, createdAt, profile.createdAt(), true, problems);
      Instant paid = time(cells, paidAt, profile.paidAt(), false, problems);
      Instant closed = time(cells, closedAt, profile.closedAt(), false, problems);
      String code = currency < 0 ? profile.fixedCurrency() : cell(cells, currency);
      Currency money = currency(code, problems);
      long total = money == null ? 0 : minor(cells, amount, profile.amount(), money, true, problems);
      long refunded = money == null ? 0 : minor(cells, refund, profile.refund(), money, false, problems);
      if (!problems.isEmpty()) {
        errors.add(line, id, String.join("; ", problems));
        return null;
      }
      return new OrderRow(
          line, id, created, paid, total, money.getCurrencyCode(), cell(cells, buyerId), cell(cells, buyerPhone), closed,
          refunded);
    }

    private Currency currency(String code, List<String> problems) {
      String column = profile.currency() == null ? "currency" : profile.currency();
      if (code == null) {
        problems.add(column + ": the currency is empty");
        return null;
      }
      try {
        return Currency.getInstance(code.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(column + ": not an ISO 4217 currency code");
        return null;
      }
    }

    private Instant time(String[] cells, int index, String column, boolean required, List<String> problems) {
      if (index < 0) {
        return null;
      }
      String text = cell(cells, index);
      if (text == null) {
        if (required) {
          problems.add(column.strip() + ": empty, a time is required");
        }
        return null;
      }
      try {
        LocalDateTime local = LocalDateTime.parse(text, times);
        // the pattern's yyyy takes up to 19 digits: year 999999999 parses, and a quiet-hours
        // step or a deadline past it no longer fits a date
        if (local.getYear() < FIRST_YEAR || local.getYear() > LAST_YEAR) {
          problems.add(column.strip() + ": a year outside " + FIRST_YEAR + " to " + LAST_YEAR);
          return null;
        }
        return local.atZone(profile.zone()).toInstant();
      } catch (DateTimeParseException e) {
        problems.add(column.strip() + ": not a time of the form " + profile.timestampPattern());
        return null;
      }
    }

    private static long minor(String[] cells, int index, String column, Currency money, boolean required, List<String> problems) {
      if (index < 0) {
        return 0;
      }
      String text = cell(cells, index);
      if (text == null) {
        if (required) {
          problems.add(column.strip() + ": empty, an amount is required");
        }
        return 0;
      }
      try {
        BigDecimal major = new BigDecimal(text);
        if (major.signum() < 0) {
          problems.add(column.strip() + ": a negative amount");
          return 0;
        }
        long minor = major.movePointRight(Math.max(0, money.getDefaultFractionDigits())).longValueExact();
        if (minor > Money.MAX_MINOR) {
          // as an event's amount is bounded: the totals of many orders still fit a long
          problems.add(column.strip() + ": more than an order may amount to ("
              + BigDecimal.valueOf(Money.MAX_MINOR).movePointLeft(Math.max(0, money.getDefaultFractionDigits())).toPlainString() + ")");
          return 0;
        }
        return minor;
      } catch (NumberFormatException e) {
        problems.add(column.strip() + ": not a number such as 178.80");
        return 0;
      } catch (ArithmeticException e) {
        problems.add(column.strip() + ": more decimals than " + money.getCurrencyCode() + " has");
        return 0;
      }
    }

    /** The cell's text, trimmed; null when it is empty or the row is too short to have it. */
    private static String cell(String[] cells, int index) {
      if (index < 0 || index >= cells.length) {
        return null;
      }
      String text = cells[index].strip();
      return text.isEmpty() ? null : text;
    }
  }
}
