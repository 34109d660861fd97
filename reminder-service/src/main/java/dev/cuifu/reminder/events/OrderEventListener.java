package dev.cuifu.reminder.events;

import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.reminder.order.OrderEventProcessor;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes order events in batches. Each batch is applied in one database transaction; the
 * container commits the offsets after the listener returns, so a crash replays the batch and the
 * event-id dedup makes the replay harmless.
 */
@Component
class OrderEventListener {

  private final OrderEventDecoder decoder;
  private final OrderEventProcessor processor;

  OrderEventListener(OrderEventDecoder decoder, OrderEventProcessor processor) {
    this.decoder = decoder;
    this.processor = processor;
  }

  @KafkaListener(
      id = "order-events",
      topics = "${cuifu.reminder.events.orders-topic:" + dev.cuifu.common.kafka.Topics.ORDERS + "}",
      groupId = "${cuifu.reminder.events.consumer-group:reminder-service}.orders",
      containerFactory = KafkaConsumerConfiguration.ORDER_EVENTS_FACTORY,
      batch = "true")
  void onBatch(List<ConsumerRecord<String, byte[]>> records) {
    List<OrderEvent> events = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      try {
        events.add(decoder.decode(records.get(i)));
      } catch (PoisonRecordException poison) {
        // Apply what came before, then let the error handler commit up to here, dead-letter this
        // record and redeliver the rest: the partition keeps flowing.
        processor.apply(events);
        throw new BatchListenerFailedException(poison.getMessage(), poison, i);
      }
    }
    processor.apply(events);
  }
}
