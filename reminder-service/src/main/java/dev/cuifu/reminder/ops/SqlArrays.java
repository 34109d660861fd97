package dev.cuifu.reminder.ops;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Columns of a batch as Java arrays, bound to {@code unnest(?::text[], …)} so that a whole batch
 * is one statement. Instants travel as ISO-8601 text and are cast to {@code timestamptz[]} in SQL:
 * exact to the microsecond and never through a zone.
 */
public final class SqlArrays {

  private SqlArrays() {}

  public static <T> String[] texts(List<T> rows, Function<T, String> column) {
    return rows.stream().map(column).toArray(String[]::new);
  }

  public static <T> String[] instants(List<T> rows, Function<T, Instant> column) {
    return rows.stream().map(column).map(at -> at == null ? null : at.toString()).toArray(String[]::new);
  }

  public static <T> Long[] longs(List<T> rows, Function<T, Long> column) {
    return rows.stream().map(column).toArray(Long[]::new);
  }

  public static <T> Integer[] ints(List<T> rows, Function<T, Integer> column) {
    return rows.stream().map(column).toArray(Integer[]::new);
  }

  public static <T> Boolean[] booleans(List<T> rows, Function<T, Boolean> column) {
    return rows.stream().map(column).toArray(Boolean[]::new);
  }
}
