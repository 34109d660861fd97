package dev.cuifu.reminder.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * What the outbox relays share: a batch of records sent to one topic and acknowledged by the
 * broker ({@code acks=all}, idempotent producer, not transactional) within the send timeout, or
 * an exception, so the relay's transaction rolls back and its rows go out again on the next run.
 */
public final class AcknowledgedPublisher implements AutoCloseable {

  /** One record: its key and its JSON value. */
  public record Message(String key, String value) {}

  private final Producer<String, String> producer;
  private final Duration sendTimeout;

  public AcknowledgedPublisher(KafkaProperties kafka, Duration sendTimeout) {
    this.sendTimeout = sendTimeout;
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) sendTimeout.toMillis());
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(sendTimeout.toMillis(), 30_000));
    // send() waits for the topic's metadata: no longer than an acknowledgement may take
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout.toMillis());
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  /**
   * Sends every message in order and waits for all acknowledgements within the send timeout.
   *
   * @param what names the messages in the exception, e.g. "phone-task events"
   * @throws IllegalStateException when the broker did not acknowledge them all in time
   */
  public void publish(String topic, List<Message> messages, String what) {
    long deadline = System.nanoTime() + sendTimeout.toNanos();
    try {
      List<Future<RecordMetadata>> sends = new ArrayList<>(messages.size());
      for (Message message : messages) {
        sends.add(producer.send(new ProducerRecord<>(topic, message.key(), message.value())));
      }
      for (Future<RecordMetadata> send : sends) {
        send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing " + what, e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw new IllegalStateException(what + " not acknowledged: " + e, e);
    }
  }

  @Override
  public void close() {
    producer.close(sendTimeout);
  }
}
