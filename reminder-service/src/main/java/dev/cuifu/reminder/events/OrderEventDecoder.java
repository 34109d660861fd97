package dev.cuifu.reminder.events;

import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.kafka.JsonSerde;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.stereotype.Component;

/** Turns a raw record into a valid event, or says why it never will be one. */
@Component
class OrderEventDecoder {

  private final Deserializer<OrderEvent> deserializer = JsonSerde.deserializer(OrderEvent.class);
  private final Validator validator;

  OrderEventDecoder(Validator validator) {
    this.validator = validator;
  }

  OrderEvent decode(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      throw new PoisonRecordException("empty record value");
    }
    OrderEvent event;
    try {
      event = deserializer.deserialize(record.topic(), record.value());
    } catch (SerializationException e) {
      throw new PoisonRecordException(e.getMessage(), e);
    }
    Set<ConstraintViolation<OrderEvent>> violations = validator.validate(event);
    if (!violations.isEmpty()) {
      throw new PoisonRecordException(
          "invalid " + event.getClass().getSimpleName() + ": " + describe(violations));
    }
    if (event.schemaVersion() > OrderEvent.SCHEMA_VERSION) {
      throw new PoisonRecordException("unsupported schemaVersion " + event.schemaVersion());
    }
    if (record.key() != null && !record.key().equals(event.key())) {
      throw new PoisonRecordException(
          "record key '" + record.key() + "' does not match the event's '" + event.key() + "'");
    }
    return event;
  }

  private static String describe(Set<ConstraintViolation<OrderEvent>> violations) {
    return violations.stream()
        .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
        .map(v -> v.getPropertyPath() + " " + v.getMessage())
        .collect(Collectors.joining("; "));
  }
}
