package dev.cuifu.common.event;

import java.time.Instant;
import java.util.Objects;

/**
 * The instants an event may carry: {@code from} inclusive, {@code until} exclusive.
 *
 * @param from the earliest instant accepted
 * @param until the first instant no longer accepted
 */
public record InstantWindow(Instant from, Instant until) {

  /**
   * What every reader can store and plan from: the database and the JDBC driver take years 1 to
   * 9999, planning adds days to these instants, and epoch-second numbers read as instants land far
   * outside. A consumer dead-letters an event outside this window; order-ingest refuses a narrower
   * one (its configuration).
   */
  public static final InstantWindow STORABLE =
      new InstantWindow(Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("9000-01-01T00:00:00Z"));

  public InstantWindow {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    if (!from.isBefore(until)) {
      throw new IllegalArgumentException("the window's start must come before its end");
    }
  }

  public boolean contains(Instant instant) {
    return !instant.isBefore(from) && instant.isBefore(until);
  }
}
