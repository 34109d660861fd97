package dev.cuifu.ingest.kafka;

import dev.cuifu.common.kafka.JsonSerde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The contract's {@link JsonSerde} serializer as a class, so that it can be named in {@code
 * spring.kafka.producer.value-serializer}. A value that is a {@code byte[]} is the contract's JSON
 * already (an order event serialized once for its ledger digest and its record) and goes as it is.
 */
public final class ContractSerializer implements Serializer<Object> {

  private final Serializer<Object> delegate = JsonSerde.serializer();

  @Override
  public byte[] serialize(String topic, Object data) {
    return data instanceof byte[] json ? json : delegate.serialize(topic, data);
  }
}
