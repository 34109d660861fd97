package dev.cuifu.reminder.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class QuietHoursTests {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final QuietHours NIGHT = new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0));

  private static Instant at(String local, ZoneId zone) {
    return java.time.LocalDateTime.parse(local).atZone(zone).toInstant();
  }

  @Test
  @DisplayName("rule: a window crossing midnight is quiet on both sides of midnight and nowhere else")
  void crossesMidnight() {
    assertThat(NIGHT.isQuiet(at("2026-11-11T20:59", SHANGHAI), SHANGHAI)).isFalse();
    assertThat(NIGHT.isQuiet(at("2026-11-11T21:00", SHANGHAI), SHANGHAI)).isTrue();
    assertThat(NIGHT.isQuiet(at("2026-11-11T23:59", SHANGHAI), SHANGHAI)).isTrue();
    assertThat(NIGHT.isQuiet(at("2026-11-12T00:30", SHANGHAI), SHANGHAI)).isTrue();
    assertThat(NIGHT.isQuiet(at("2026-11-12T07:59", SHANGHAI), SHANGHAI)).isTrue();
    assertThat(NIGHT.isQuiet(at("2026-11-12T08:00", SHANGHAI), SHANGHAI)).isFalse();
    assertThat(QuietHours.none().isQuiet(at("2026-11-12T03:00", SHANGHAI), SHANGHAI)).isFalse();
  }

  @Test
  @DisplayName("rule: a touch due in quiet hours is deferred to their end, before and after midnight alike")
  void defersToTheEndOfTheWindow() {
    Instant deadline = at("2026-11-14T00:00", SHANGHAI);
    assertThat(NIGHT.place(at("2026-11-11T22:30", SHANGHAI), Instant.EPOCH, deadline, SHANGHAI))
        .isEqualTo(new QuietHours.Moved(at("2026-11-12T08:00", SHANGHAI), "quiet hours 21:00–08:00 (Asia/Shanghai) until " + at("2026-11-12T08:00", SHANGHAI)));
    assertThat(((QuietHours.Moved) NIGHT.place(at("2026-11-12T03:00", SHANGHAI), Instant.EPOCH, deadline, SHANGHAI)).time())
        .isEqualTo(at("2026-11-12T08:00", SHANGHAI));
    assertThat(NIGHT.place(at("2026-11-12T10:00", SHANGHAI), Instant.EPOCH, deadline, SHANGHAI))
        .isEqualTo(new QuietHours.At(at("2026-11-12T10:00", SHANGHAI)));
  }

  @Test
  @DisplayName("rule: quiet hours follow the buyer's wall clock across a DST change")
  void followsDaylightSavingTime() {
    // 2026-03-08: New York springs forward at 02:00; 08:00 EDT is 12:00Z, not 13:00Z
    Instant deadline = at("2026-03-10T00:00", NEW_YORK);
    Instant deferred = ((QuietHours.Moved) NIGHT.place(at("2026-03-07T22:30", NEW_YORK), Instant.EPOCH, deadline, NEW_YORK)).time();
    assertThat(deferred).isEqualTo(Instant.parse("2026-03-08T12:00:00Z"));
    assertThat(deferred.atZone(NEW_YORK).toLocalTime()).isEqualTo(LocalTime.of(8, 0));
    // a window ending inside the skipped hour ends at the first real moment after it
    QuietHours untilHalfPastTwo = new QuietHours(LocalTime.of(21, 0), LocalTime.of(2, 30));
    Instant end = untilHalfPastTwo.nextAllowed(at("2026-03-08T01:00", NEW_YORK), NEW_YORK);
    assertThat(ZonedDateTime.ofInstant(end, NEW_YORK).toLocalTime()).isEqualTo(LocalTime.of(3, 30));
    assertThat(untilHalfPastTwo.isQuiet(end, NEW_YORK)).isFalse();
  }

  @Test
  @DisplayName("rule: when the quiet window would swallow the deadline, the touch goes out just before the window")
  void plannedEarlyWhenTheWindowSwallowsTheDeadline() {
    Instant created = at("2026-11-11T19:00", SHANGHAI);
    Instant deadline = at("2026-11-12T06:00", SHANGHAI);
    QuietHours.Slot slot = NIGHT.place(at("2026-11-11T21:30", SHANGHAI), created, deadline, SHANGHAI);
    assertThat(slot).isInstanceOf(QuietHours.Moved.class);
    assertThat(((QuietHours.Moved) slot).time()).isEqualTo(at("2026-11-11T20:59", SHANGHAI));
  }

  @Test
  @DisplayName("rule: with no allowed moment left before the deadline the touch is not planned, with the reason")
  void noAllowedMoment() {
    Instant created = at("2026-11-11T21:10", SHANGHAI);
    Instant deadline = at("2026-11-12T06:00", SHANGHAI);
    assertThat(NIGHT.place(at("2026-11-11T21:40", SHANGHAI), created, deadline, SHANGHAI))
        .isInstanceOf(QuietHours.None.class);
    assertThat(NIGHT.place(at("2026-11-12T07:00", SHANGHAI), created, deadline, SHANGHAI))
        .as("due after the deadline")
        .isInstanceOf(QuietHours.None.class);
  }
}
