package dev.cuifu.ingest.event;

import java.util.List;

/**
 * An event id the shop used before now carries different content. Payment APIs treat an
 * idempotency key the same way: answering "duplicate" would silently drop the new content.
 */
public final class EventIdReusedException extends RuntimeException {

  public EventIdReusedException(List<String> eventIds) {
    super(
        "Event id%s %s %s accepted before with different content; a new event needs a new event id, and nothing of this request was accepted."
            .formatted(
                eventIds.size() == 1 ? "" : "s",
                String.join(", ", eventIds.stream().limit(10).map(id -> "'" + id + "'").toList()),
                eventIds.size() == 1 ? "was" : "were"),
        null,
        false,
        false);
  }
}
