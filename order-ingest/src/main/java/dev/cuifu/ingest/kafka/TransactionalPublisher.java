package dev.cuifu.ingest.kafka;

import dev.cuifu.ingest.config.IngestProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Publishes the records of one request in one Kafka transaction and returns only once the broker
 * has acknowledged every record and the transaction is committed. Any failure aborts the
 * transaction (so read_committed consumers never see a record of it) and surfaces as {@link
 * PublishFailedException}.
 *
 * <p>Producer recovery: the transaction runs through {@link KafkaTemplate#executeInTransaction},
 * so a failure of {@code beginTransaction}, {@code commitTransaction} or {@code abortTransaction}
 * (fenced, timed out, broker gone) marks spring-kafka's cached producer as failed, and closing it
 * at the end of the call removes it from the cache; the next request creates a fresh producer (a
 * new {@code initTransactions}). A failed send only aborts the transaction and keeps the producer.
 */
@Component
public class TransactionalPublisher {

  private final KafkaTemplate<String, Object> kafka;
  private final Duration sendTimeout;

  public TransactionalPublisher(KafkaTemplate<String, Object> kafka, IngestProperties properties) {
    this.kafka = kafka;
    this.sendTimeout = properties.sendTimeout();
  }

  public void publish(List<ProducerRecord<String, Object>> records) {
    if (records.isEmpty()) {
      return;
    }
    try {
      kafka.executeInTransaction(
          operations -> {
            List<CompletableFuture<SendResult<String, Object>>> sent = new ArrayList<>(records.size());
            for (ProducerRecord<String, Object> record : records) {
              sent.add(operations.send(record));
            }
            awaitAcks(sent);
            return null;
          });
    } catch (PublishFailedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new PublishFailedException("Kafka transaction failed: " + e.getMessage(), e);
    }
  }

  private void awaitAcks(List<CompletableFuture<SendResult<String, Object>>> sent) {
    long deadline = System.nanoTime() + sendTimeout.toNanos();
    for (CompletableFuture<SendResult<String, Object>> future : sent) {
      try {
        future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PublishFailedException("interrupted while waiting for Kafka", e);
      } catch (ExecutionException e) {
        throw new PublishFailedException("Kafka rejected a record: " + e.getCause().getMessage(), e.getCause());
      } catch (TimeoutException e) {
        throw new PublishFailedException("Kafka did not acknowledge within " + sendTimeout, e);
      }
    }
  }
}
