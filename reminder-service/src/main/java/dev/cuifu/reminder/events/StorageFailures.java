package dev.cuifu.reminder.events;

import java.sql.SQLException;
import java.time.DateTimeException;
import java.util.Optional;

/**
 * Tells a record that can never be stored from a failure that may pass. PostgreSQL's SQLSTATE
 * classes 22 (data exception: a value out of range, a NUL in text) and 23 (integrity constraint)
 * fail the same way on every retry, as do date-time and arithmetic overflows in planning; a lost
 * connection, a serialization failure or a deadlock (classes 08, 40, 57) may pass and is retried.
 * A unique violation (23505) is retried too: it can be a race between two consumers.
 */
final class StorageFailures {

  private StorageFailures() {}

  /** The reason a record cannot be stored, quoting no value; empty when a retry may succeed. */
  static Optional<String> permanentReason(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        boolean permanent = state.startsWith("22") || (state.startsWith("23") && !state.equals("23505"));
        return permanent ? Optional.of("cannot be stored: SQLSTATE " + state) : Optional.empty();
      }
      if (cause instanceof DateTimeException || cause instanceof ArithmeticException) {
        return Optional.of("cannot be planned: " + cause.getClass().getSimpleName());
      }
    }
    return Optional.empty();
  }

  /** The failure's coordinates for a log line: its type and SQLSTATE, never its message. */
  static String describe(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof SQLException sql) {
        return failure.getClass().getSimpleName() + " (SQLSTATE " + sql.getSQLState() + ")";
      }
    }
    return failure.getClass().getSimpleName();
  }
}
