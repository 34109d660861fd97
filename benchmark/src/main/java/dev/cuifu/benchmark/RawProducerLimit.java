package dev.cuifu.benchmark;

import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.common.kafka.JsonSerde;
import dev.cuifu.common.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;

/**
 * The ingest phase's limit: the same OrderCreated events, serialized by the same contract
 * serializer, sent in the same batches by the same number of client threads, each batch in one
 * Kafka transaction acknowledged by the broker before the next — order-ingest's producer settings
 * (acks=all, idempotent, linger 5 ms) with no HTTP, no JSON request parsing and no dedupe rows. To a
 * topic of its own with the orders topic's partitions, so that reminder-service plans none of it.
 */
final class RawProducerLimit {

  static final String TOPIC = "cuifu.benchmark.raw-orders";

  private RawProducerLimit() {}

  /**
   * Sends every batch (each a POST's body, {@code {"events":[…]}}), again and again until {@code
   * atLeast} has passed (a raw topic dedupes nothing), and returns orders sent per second.
   */
  static Throughput measure(String bootstrapServers, List<String> batchBodies, int clients, Duration atLeast) {
    List<List<OrderEvent>> batches = batchBodies.stream().map(RawProducerLimit::events).toList();
    createTopic(bootstrapServers);
    List<KafkaProducer<String, Object>> producers = Collections.synchronizedList(new ArrayList<>());
    try {
      // order-ingest's producers are initialized once and cached, so not part of a request; and a
      // new producer's first transaction can meet retriable OUT_OF_ORDER_SEQUENCE_NUMBER answers
      // (transactions v2 with no producer state on a partition yet, KAFKA-18202), which a cached
      // producer met long before: one unmeasured transaction each first
      Workers.run(
          "raw-producer-limit",
          clients,
          () -> {
            KafkaProducer<String, Object> producer = producer(bootstrapServers);
            producers.add(producer);
            producer.initTransactions();
            send(producer, batches.get(0));
          });
      AtomicInteger nextProducer = new AtomicInteger();
      AtomicLong nextBatch = new AtomicLong();
      AtomicLong total = new AtomicLong();
      PhaseClock clock = PhaseClock.start();
      Workers.run(
          "raw-producer-limit",
          clients,
          () -> {
            KafkaProducer<String, Object> producer = producers.get(nextProducer.getAndIncrement());
            for (long b = nextBatch.getAndIncrement(); clock.moreTo(b, batches.size(), atLeast); b = nextBatch.getAndIncrement()) {
              List<OrderEvent> batch = batches.get((int) (b % batches.size()));
              send(producer, batch);
              total.addAndGet(batch.size());
              clock.done(batch.size());
            }
          });
      return clock.measure(total.get(), System.nanoTime() - clock.startNanos());
    } finally {
      producers.forEach(p -> p.close(Duration.ofSeconds(5)));
    }
  }

  /** One batch in one transaction, every record acknowledged before the commit, as order-ingest does. */
  private static void send(KafkaProducer<String, Object> producer, List<OrderEvent> batch)
      throws InterruptedException, ExecutionException, TimeoutException {
    producer.beginTransaction();
    List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
    for (OrderEvent event : batch) {
      acks.add(producer.send(new ProducerRecord<>(TOPIC, event.key(), event)));
    }
    for (Future<RecordMetadata> ack : acks) {
      ack.get(10, TimeUnit.SECONDS);
    }
    producer.commitTransaction();
  }

  /** order-ingest's producer settings (order-ingest.yml, spring.kafka.producer). */
  private static KafkaProducer<String, Object> producer(String bootstrapServers) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "benchmark-raw-" + UUID.randomUUID());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10000);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(config, new StringSerializer(), JsonSerde.serializer());
  }

  /** The events of one POST body, read as order-ingest reads them into the contract's records. */
  private static List<OrderEvent> events(String body) {
    JsonNode events = EventJson.mapper().readTree(body).get("events");
    List<OrderEvent> parsed = new ArrayList<>(events.size());
    for (JsonNode event : events) {
      parsed.add(EventJson.mapper().treeToValue(event, OrderEvent.class));
    }
    return parsed;
  }

  /** The orders topic's partition count, once per run (a second call finds the topic there). */
  private static void createTopic(String bootstrapServers) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      if (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(TOPIC)) {
        return;
      }
      int partitions =
          admin.describeTopics(List.of(Topics.ORDERS)).allTopicNames().get(10, TimeUnit.SECONDS).get(Topics.ORDERS).partitions().size();
      admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1))).all().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create " + TOPIC, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
