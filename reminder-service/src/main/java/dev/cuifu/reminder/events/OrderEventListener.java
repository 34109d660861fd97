package dev.cuifu.reminder.events;

import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.reminder.order.OrderEventProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes order events in batches. Each batch is applied in one database transaction; the
 * container commits the offsets after the listener returns, so a crash replays the batch and the
 * event-id dedup makes the replay harmless.
 *
 * <p>One record must never stop the partition: a record that cannot be decoded, breaks the
 * contract, or can never be stored ({@link BatchIsolation}) is reported to the error handler by its
 * index, once every record before it is applied; the handler commits up to it, dead-letters it and
 * redelivers the rest. Only failures that may pass (the database is down) retry the batch.
 */
@Component
class OrderEventListener {

  private final OrderEventDecoder decoder;
  private final BatchIsolation isolation;

  OrderEventListener(OrderEventDecoder decoder, OrderEventProcessor processor) {
    this.decoder = decoder;
    this.isolation = new BatchIsolation(processor::apply);
  }

  @KafkaListener(
      id = "order-events",
      topics = "${cuifu.reminder.events.orders-topic:" + dev.cuifu.common.kafka.Topics.ORDERS + "}",
      groupId = "${cuifu.reminder.events.consumer-group:reminder-service}.orders",
      containerFactory = KafkaConsumerConfiguration.ORDER_EVENTS_FACTORY,
      batch = "true")
  void onBatch(List<ConsumerRecord<String, byte[]>> records) {
    List<OrderEvent> events = new ArrayList<>(records.size());
    PoisonRecordException undecodable = null;
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        events.add(decoder.decode(record));
      } catch (PoisonRecordException poison) {
        undecodable = poison;
        break;
      }
    }
    Optional<BatchIsolation.Refused> refused = isolation.applyAll(events);
    if (refused.isPresent()) {
      String reason = refused.get().reason();
      throw new BatchListenerFailedException(reason, new PoisonRecordException(reason), refused.get().index());
    }
    if (undecodable != null) {
      throw new BatchListenerFailedException(undecodable.getMessage(), undecodable, events.size());
    }
  }
}
