package dev.cuifu.common.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * An event in the life of one phone task (a call a shop's agent should make about an unpaid
 * order), published by reminder-service for external call-centre tools. Keyed like the order's
 * events ({@link #key()}), so all events of one task stay in order on one partition. They never
 * carry the buyer's phone number (or the agent's free-text note): a tool that needs to dial asks
 * reminder-service as a signed-in agent.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = PhoneTaskCreated.class, name = PhoneTaskCreated.TYPE),
  @JsonSubTypes.Type(value = PhoneTaskClaimed.class, name = PhoneTaskClaimed.TYPE),
  @JsonSubTypes.Type(value = PhoneTaskReleased.class, name = PhoneTaskReleased.TYPE),
  @JsonSubTypes.Type(value = PhoneTaskCompleted.class, name = PhoneTaskCompleted.TYPE),
  @JsonSubTypes.Type(value = PhoneTaskClosed.class, name = PhoneTaskClosed.TYPE)
})
public sealed interface PhoneTaskEvent
    permits PhoneTaskCreated, PhoneTaskClaimed, PhoneTaskReleased, PhoneTaskCompleted, PhoneTaskClosed {

  /** The schema version this code writes; readers accept this version and older ones. */
  int SCHEMA_VERSION = 1;

  /** Unique per event: the dedup key of a consumer (delivery is at-least-once). */
  String eventId();

  Integer schemaVersion();

  String shopId();

  String orderId();

  Long taskId();

  Instant occurredAt();

  /** The Kafka record key: {@code shopId/orderId}, as for the order's own events. */
  @JsonIgnore
  default String key() {
    return OrderEvent.key(shopId(), orderId());
  }
}
