package dev.cuifu.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The ingest counters (Prometheus names in brackets):
 *
 * <ul>
 *   <li>{@code cuifu.events.accepted} [{@code cuifu_events_accepted_total}], tag {@code type}
 *       (OrderCreated, OrderPaid, OrderClosed): events published to Kafka for the first time;
 *   <li>{@code cuifu.events.duplicates} [{@code cuifu_events_duplicates_total}]: events answered
 *       202 but not published again because their event id was accepted before;
 *   <li>{@code cuifu.events.rejected} [{@code cuifu_events_rejected_total}], tag {@code reason}
 *       (invalid, unauthorized, unavailable): rejected requests (one per request, whatever the
 *       number of events in it); a platform webhook counts as unauthorized when it does not verify
 *       and as invalid when it is answered 200 with events skipped.
 * </ul>
 */
@Component
public class IngestMetrics {

  public static final String ACCEPTED = "cuifu.events.accepted";
  public static final String DUPLICATES = "cuifu.events.duplicates";
  public static final String REJECTED = "cuifu.events.rejected";

  /** Why a request was rejected: the {@code reason} tag. */
  public enum Reason {
    INVALID,
    UNAUTHORIZED,
    UNAVAILABLE,
    CONFLICT;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final MeterRegistry registry;
  private final Counter duplicates;

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.duplicates =
        Counter.builder(DUPLICATES)
            .description("Events not published again because their event id was accepted before")
            .baseUnit("events")
            .register(registry);
    for (Reason reason : Reason.values()) {
      rejectedCounter(reason);
    }
  }

  public void accepted(String type, int count) {
    Counter.builder(ACCEPTED)
        .description("Events published to Kafka")
        .baseUnit("events")
        .tag("type", type)
        .register(registry)
        .increment(count);
  }

  public void duplicates(int count) {
    duplicates.increment(count);
  }

  public void rejected(Reason reason) {
    rejectedCounter(reason).increment();
  }

  private Counter rejectedCounter(Reason reason) {
    return Counter.builder(REJECTED)
        .description("Rejected event requests")
        .baseUnit("requests")
        .tag("reason", reason.tag())
        .register(registry);
  }
}
