package dev.cuifu.reminder.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A PLANNED entry read from its touch row is worded as planning's decision rows were before V27. */
class PlannedReasonTests {

  private static final Instant DUE = Instant.parse("2026-11-12T02:30:00Z");

  @Test
  void aPlainTouchSaysWhenItIsDue() {
    assertThat(OrderStoryQueries.plannedReason(DUE, null, null, null)).isEqualTo("due 2026-11-12T02:30:00Z");
  }

  @Test
  void aNoteAndAnExperimentArmFollowTheDueTimeInThePlannersOrder() {
    assertThat(OrderStoryQueries.plannedReason(DUE, "high value; moved out of quiet hours", 7L, "b"))
        .isEqualTo("due 2026-11-12T02:30:00Z; high value; moved out of quiet hours; arm b of experiment 7");
  }
}
