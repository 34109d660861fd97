package dev.cuifu.reminder.events;

import dev.cuifu.common.event.EventContent;
import dev.cuifu.common.event.InstantWindow;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.kafka.JsonSerde;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

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
      // Jackson's message quotes the value it could not read: the reason names the place only
      throw new PoisonRecordException("cannot decode OrderEvent" + where(e.getCause()));
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
      throw new PoisonRecordException("the record key does not match the event's shopId/orderId");
    }
    List<EventContent.Problem> problems = EventContent.problems(event, InstantWindow.STORABLE);
    if (!problems.isEmpty()) {
      throw new PoisonRecordException(
          "invalid " + event.getClass().getSimpleName() + ": "
              + problems.stream().map(p -> p.field() + " " + p.message()).collect(Collectors.joining("; ")));
    }
    return event;
  }

  private static String where(Throwable cause) {
    if (!(cause instanceof JacksonException jackson) || jackson.getPath().isEmpty()) {
      return "";
    }
    StringBuilder path = new StringBuilder(" at ");
    for (JacksonException.Reference reference : jackson.getPath()) {
      path.append(reference.getPropertyName() != null ? "/" + reference.getPropertyName() : "/" + reference.getIndex());
    }
    return path.toString();
  }

  private static String describe(Set<ConstraintViolation<OrderEvent>> violations) {
    return violations.stream()
        .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
        .map(v -> v.getPropertyPath() + " " + v.getMessage())
        .collect(Collectors.joining("; "));
  }
}
