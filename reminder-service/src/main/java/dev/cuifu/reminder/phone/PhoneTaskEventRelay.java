package dev.cuifu.reminder.phone;

import dev.cuifu.reminder.ops.AcknowledgedPublisher;
import dev.cuifu.reminder.ops.Timestamps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the {@link PhoneTaskOutbox} to Kafka: unsent rows in the order they were written, each
 * batch locked ({@code FOR UPDATE}), sent, acknowledged by the broker ({@code acks=all},
 * idempotent producer) and only then marked sent, in one database transaction. If the broker does
 * not answer in time, or the process dies before the mark commits, the rows stay unsent and go out
 * again on the next run: at-least-once, in order per key; consumers deduplicate by event id.
 * Runs from a clustered Quartz job ({@link PhoneTaskEventSchedule}), so one instance at a time.
 */
@Component
class PhoneTaskEventRelay implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(PhoneTaskEventRelay.class);

  private record Row(long id, String type, String key, String payload) {}

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final PhoneTaskEventsProperties properties;
  private final Clock clock;
  private final AcknowledgedPublisher publisher;
  private final Counter published;

  PhoneTaskEventRelay(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      PhoneTaskEventsProperties properties,
      KafkaProperties kafka,
      MeterRegistry meters,
      Clock clock) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.properties = properties;
    this.clock = clock;
    this.publisher = new AcknowledgedPublisher(kafka, properties.sendTimeout());
    this.published =
        Counter.builder("cuifu.phone.events.published")
            .description("Phone-task events the broker acknowledged")
            .register(meters);
  }

  /**
   * Publishes every unsent event, batch after batch, then deletes sent rows older than the
   * retention.
   *
   * @return how many events were published
   */
  int relay() {
    int total = 0;
    int batch;
    do {
      Integer sent = transactions.execute(status -> publishBatch());
      batch = sent == null ? 0 : sent;
      total += batch;
    } while (batch == properties.batchSize());
    Instant cutoff = clock.instant().minus(properties.retention());
    jdbc.sql("delete from phone_task_outbox where sent_at < ?").param(Timestamps.toDb(cutoff)).update();
    return total;
  }

  private int publishBatch() {
    List<Row> rows =
        jdbc.sql(
                """
                select outbox_id, event_type, record_key, payload from phone_task_outbox
                where sent_at is null order by outbox_id limit ? for update
                """)
            .param(properties.batchSize())
            .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
            .list();
    if (rows.isEmpty()) {
      return 0;
    }
    try {
      publisher.publish(
          properties.topic(), rows.stream().map(r -> new AcknowledgedPublisher.Message(r.key(), r.payload())).toList(), "phone-task events");
    } catch (IllegalStateException e) {
      // the rows stay unsent (the transaction rolls back) and go out again on the next run
      log.warn("phone-task events not acknowledged, {} row(s) retried later: {}", rows.size(), e.getMessage());
      throw e;
    }
    jdbc.sql("update phone_task_outbox set sent_at = :now where outbox_id in (:ids)")
        .param("now", Timestamps.toDb(clock.instant().truncatedTo(ChronoUnit.MICROS)))
        .param("ids", rows.stream().map(Row::id).toList())
        .update();
    published.increment(rows.size());
    log.debug("{} phone-task event(s) published, last {}", rows.size(), rows.get(rows.size() - 1).type());
    return rows.size();
  }

  @Override
  public void destroy() {
    publisher.close();
  }
}
