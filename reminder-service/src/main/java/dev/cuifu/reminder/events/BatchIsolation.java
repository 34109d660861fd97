package dev.cuifu.reminder.events;

import dev.cuifu.common.event.OrderEvent;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Applies a batch in one transaction and, when one record in it can never be stored, finds that
 * record by halving: every record before it is applied (each half in its own transaction, in
 * order), so the error handler can commit up to it, dead-letter it and go on. A bad record costs
 * about log2(batch) extra transactions; a failure that may pass is thrown as it is, to be retried.
 */
final class BatchIsolation {

  /** The record at {@code index} can never be stored, for {@code reason} (which quotes no value). */
  record Refused(int index, String reason) {}

  private final Consumer<List<OrderEvent>> apply;

  BatchIsolation(Consumer<List<OrderEvent>> apply) {
    this.apply = apply;
  }

  /** Applies the events in order; empty when all were applied, else the first that cannot be. */
  Optional<Refused> applyAll(List<OrderEvent> events) {
    return apply(events, 0);
  }

  private Optional<Refused> apply(List<OrderEvent> events, int offset) {
    if (events.isEmpty()) {
      return Optional.empty();
    }
    try {
      apply.accept(events);
      return Optional.empty();
    } catch (RuntimeException failure) {
      Optional<String> reason = StorageFailures.permanentReason(failure);
      if (reason.isEmpty()) {
        throw failure;
      }
      if (events.size() == 1) {
        return Optional.of(new Refused(offset, reason.get()));
      }
      int half = events.size() / 2;
      Optional<Refused> left = apply(events.subList(0, half), offset);
      return left.isPresent() ? left : apply(events.subList(half, events.size()), offset + half);
    }
  }
}
