package dev.cuifu.common.kafka;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;

/** Kafka serde for contract types with {@link EventJson}'s mapping. */
public final class JsonSerde {

  private JsonSerde() {}

  public static <T> Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : EventJson.mapper().writeValueAsBytes(value);
  }

  public static <T> Deserializer<T> deserializer(Class<T> type) {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return EventJson.mapper().readValue(bytes, type);
      } catch (JacksonException e) {
        throw new SerializationException("cannot decode " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
      }
    };
  }
}
