package dev.cuifu.ingest.platform;

import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.ingest.web.FieldProblem;
import java.util.List;

/**
 * What an adapter made of one verified delivery: the Cuifu events (not yet stamped or validated),
 * and why it made none when it could not (a topic or status Cuifu does not read).
 */
public record MappedDelivery(List<OrderEvent> events, List<FieldProblem> skipped) {

  public static MappedDelivery of(OrderEvent... events) {
    return new MappedDelivery(List.of(events), List.of());
  }

  public static MappedDelivery skipped(String field, String message) {
    return new MappedDelivery(List.of(), List.of(new FieldProblem(field, message)));
  }
}
