package dev.cuifu.reminder.plan;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The hours in which nobody is reminded, in the reader's local time (e.g. 21:00–08:00; a window
 * may cross midnight; start == end means none). Local times that a DST change skips resolve to
 * the next existing moment.
 */
public record QuietHours(LocalTime start, LocalTime end) {

  /** How long before the window a touch is sent when the window would swallow the deadline. */
  static final Duration BEFORE_WINDOW = Duration.ofMinutes(1);

  public static QuietHours none() {
    return new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
  }

  public boolean isQuiet(Instant moment, ZoneId zone) {
    return covers(moment.atZone(zone).toLocalTime());
  }

  /** Whether this local time falls in the quiet hours (start inclusive, end exclusive). */
  public boolean covers(LocalTime local) {
    if (start.equals(end)) {
      return false;
    }
    return start.isBefore(end)
        ? !local.isBefore(start) && local.isBefore(end)
        : !local.isBefore(start) || local.isBefore(end);
  }

  /** The first moment at or after {@code moment} outside quiet hours. */
  public Instant nextAllowed(Instant moment, ZoneId zone) {
    if (!isQuiet(moment, zone)) {
      return moment;
    }
    LocalDate day = moment.atZone(zone).toLocalDate();
    Instant end = ZonedDateTime.of(day, this.end, zone).toInstant();
    return end.isAfter(moment) ? end : ZonedDateTime.of(day.plusDays(1), this.end, zone).toInstant();
  }

  /** When the quiet window that contains {@code moment} began. */
  public Instant windowStart(Instant moment, ZoneId zone) {
    LocalDate day = moment.atZone(zone).toLocalDate();
    Instant start = ZonedDateTime.of(day, this.start, zone).toInstant();
    return start.isAfter(moment) ? ZonedDateTime.of(day.minusDays(1), this.start, zone).toInstant() : start;
  }

  /** The time a planned or deferred touch should go out, or why it never can. */
  public sealed interface Slot permits At, Moved, None {}

  /** Outside quiet hours: as wanted. */
  public record At(Instant time) implements Slot {}

  /** Moved out of quiet hours, later or (to beat the deadline) earlier. */
  public record Moved(Instant time, String reason) implements Slot {}

  /** No allowed moment remains before the deadline. */
  public record None(String reason) implements Slot {}

  /**
   * Where a touch wanted at {@code wanted} goes: there, if allowed; else the end of the quiet
   * window, if that is before the deadline; else just before the window began, if that is still
   * after {@code notBefore}; else nowhere.
   */
  public Slot place(Instant wanted, Instant notBefore, Instant deadline, ZoneId zone) {
    if (!wanted.isBefore(deadline)) {
      return new None("due " + wanted + " is not before the payment deadline " + deadline);
    }
    if (!isQuiet(wanted, zone)) {
      return new At(wanted);
    }
    Instant after = nextAllowed(wanted, zone);
    if (after.isBefore(deadline)) {
      return new Moved(after, "quiet hours " + start + "–" + end + " (" + zone + ") until " + after);
    }
    Instant before = windowStart(wanted, zone).minus(BEFORE_WINDOW);
    if (before.isAfter(notBefore) && !isQuiet(before, zone)) {
      return new Moved(
          before,
          "quiet hours " + start + "–" + end + " (" + zone + ") would swallow the deadline " + deadline
              + ": sent before they begin");
    }
    return new None(
        "quiet hours " + start + "–" + end + " (" + zone + ") leave no allowed moment before the deadline " + deadline);
  }
}
