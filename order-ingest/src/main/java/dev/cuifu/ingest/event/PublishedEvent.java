package dev.cuifu.ingest.event;

import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.kafka.EventJson;

/**
 * An event with its JSON exactly as it goes on the topic, serialized once: the ledger's digest is
 * taken from these bytes and the record carries them (serializing twice was a tenth of a request's
 * CPU).
 */
record PublishedEvent(OrderEvent event, byte[] json) {

  static PublishedEvent of(OrderEvent event) {
    return new PublishedEvent(event, EventJson.mapper().writeValueAsBytes(event));
  }
}
