package dev.cuifu.common.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * An event in the life of one order, as a shop reports it. All events of one order travel on one
 * topic under the key {@link #key()} so that they stay in order on one partition.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = OrderCreated.class, name = OrderCreated.TYPE),
  @JsonSubTypes.Type(value = OrderPaid.class, name = OrderPaid.TYPE),
  @JsonSubTypes.Type(value = OrderClosed.class, name = OrderClosed.TYPE)
})
public sealed interface OrderEvent permits OrderCreated, OrderPaid, OrderClosed {

  /** The schema version this code writes; readers accept this version and older ones. */
  int SCHEMA_VERSION = 1;

  /** The shop's own id for this event: the dedup key, unique per shop. */
  String eventId();

  Integer schemaVersion();

  String shopId();

  String orderId();

  Instant occurredAt();

  /**
   * This event as published for the given shop: the shop id comes from the caller's credentials,
   * never from the body, and the schema version is the one this code writes.
   */
  OrderEvent stampedFor(String shopId);

  /** The Kafka record key: all events of one order share it. */
  @JsonIgnore
  default String key() {
    return key(shopId(), orderId());
  }

  static String key(String shopId, String orderId) {
    return shopId + "/" + orderId;
  }
}
