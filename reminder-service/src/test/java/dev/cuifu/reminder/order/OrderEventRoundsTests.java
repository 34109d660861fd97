package dev.cuifu.reminder.order;

import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.paid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.common.event.OrderEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderEventRoundsTests {

  private static final Instant AT = Instant.parse("2026-11-11T02:00:00Z");

  @Test
  void distinctOrdersShareOneRound() {
    List<OrderEvent> events = List.of(created("s", "a", "+8613800000001", AT), created("s", "b", "+8613800000002", AT));

    assertThat(OrderEventProcessor.rounds(events)).containsExactly(events);
  }

  @Test
  void anOrdersSecondEventStartsTheNextRoundSoItsEventsApplyInOrder() {
    OrderEvent createdA = created("s", "a", "+8613800000001", AT);
    OrderEvent createdB = created("s", "b", "+8613800000002", AT);
    OrderEvent paidA = paid("s", "a", AT);
    OrderEvent paidB = paid("s", "b", AT);

    assertThat(OrderEventProcessor.rounds(List.of(createdA, createdB, paidA, paidB)))
        .containsExactly(List.of(createdA, createdB), List.of(paidA, paidB));
    assertThat(OrderEventProcessor.rounds(List.of(createdA, paidA, createdB)))
        .containsExactly(List.of(createdA), List.of(paidA, createdB));
  }

  @Test
  void theSameOrderIdInTwoShopsIsTwoOrders() {
    OrderEvent one = created("s1", "a", "+8613800000001", AT);
    OrderEvent other = created("s2", "a", "+8613800000002", AT);

    assertThat(OrderEventProcessor.rounds(List.of(one, other))).containsExactly(List.of(one, other));
  }
}
