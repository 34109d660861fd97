package dev.cuifu.reminder.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.reminder.ReminderTestSupport;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;

/** How a batch with a record that can never be stored still applies everything around it. */
class BatchIsolationTests {

  private static final Instant AT = Instant.parse("2026-11-11T02:00:00Z");

  /** Stands in for the database: applies a list in one "transaction" unless it holds a bad order. */
  private static final class Store {
    final List<String> applied = new ArrayList<>();
    final Set<String> bad;
    final String sqlState;
    int transactions;

    Store(Set<String> bad, String sqlState) {
      this.bad = bad;
      this.sqlState = sqlState;
    }

    void apply(List<OrderEvent> events) {
      transactions++;
      if (events.stream().anyMatch(e -> bad.contains(e.orderId()))) {
        throw new DataIntegrityViolationException("rolled back", new SQLException("value quoted here", sqlState));
      }
      events.forEach(e -> applied.add(e.orderId()));
    }
  }

  private static List<OrderEvent> orders(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> (OrderEvent) ReminderTestSupport.created("shop", "o" + i, "+8613800138000", AT))
        .toList();
  }

  @Test
  @DisplayName("rule: a record that can never be stored is found, everything before it is applied in order, in few transactions")
  void findsTheBadRecordAndAppliesWhatCameBefore() {
    Store store = new Store(Set.of("o300"), "22021");
    BatchIsolation isolation = new BatchIsolation(store::apply);

    var refused = isolation.applyAll(orders(500));

    assertThat(refused).hasValueSatisfying(r -> {
      assertThat(r.index()).isEqualTo(300);
      assertThat(r.reason()).isEqualTo("cannot be stored: SQLSTATE 22021").doesNotContain("quoted");
    });
    assertThat(store.applied).containsExactlyElementsOf(IntStream.range(0, 300).mapToObj(i -> "o" + i).toList());
    assertThat(store.transactions).as("about log2(500) transactions, not 500").isLessThanOrEqualTo(20);
  }

  @Test
  @DisplayName("rule: a batch without a bad record is one transaction")
  void aGoodBatchIsOneTransaction() {
    Store store = new Store(Set.of(), "22021");
    assertThat(new BatchIsolation(store::apply).applyAll(orders(50))).isEmpty();
    assertThat(store.transactions).isEqualTo(1);
    assertThat(store.applied).hasSize(50);
  }

  @Test
  @DisplayName("rule: a failure that may pass (a unique race, a timeout) is thrown for the batch to be retried")
  void aFailureThatMayPassIsRetriedNotIsolated() {
    Store race = new Store(Set.of("o3"), "23505");
    assertThatThrownBy(() -> new BatchIsolation(race::apply).applyAll(orders(10)))
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThat(race.applied).isEmpty();
    BatchIsolation timeout = new BatchIsolation(events -> {
      throw new QueryTimeoutException("timeout");
    });
    assertThatThrownBy(() -> timeout.applyAll(orders(10))).isInstanceOf(QueryTimeoutException.class);
  }
}
