package dev.cuifu.reminder.experiment;

import dev.cuifu.common.event.ExperimentEvent;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.reminder.ops.AcknowledgedPublisher;
import dev.cuifu.reminder.ops.Timestamps;
import java.time.Clock;
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
 * Publishes the experiments' history as {@link ExperimentEvent}s, the phone-task relay's way: the
 * history row is written in the transaction of the change (so it is the outbox), and this relay
 * sends unsent rows in the order they were written, each batch locked, acknowledged by the broker
 * ({@code acks=all}, idempotent producer) and only then marked sent. At-least-once, in order per
 * experiment; consumers deduplicate by event id. Runs from a clustered Quartz job, one instance at
 * a time. The rows are never deleted: they are the history.
 */
@Component
class ExperimentEventRelay implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ExperimentEventRelay.class);
  private static final tools.jackson.databind.ObjectWriter WRITER = EventJson.mapper().writerFor(ExperimentEvent.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final ExperimentEventsProperties properties;
  private final Clock clock;
  private final AcknowledgedPublisher publisher;

  ExperimentEventRelay(
      JdbcClient jdbc, TransactionTemplate transactions, ExperimentEventsProperties properties, KafkaProperties kafka, Clock clock) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.properties = properties;
    this.clock = clock;
    this.publisher = new AcknowledgedPublisher(kafka, properties.sendTimeout());
  }

  /** Publishes every unsent entry, batch after batch; returns how many. */
  int relay() {
    int total = 0;
    int batch;
    do {
      Integer sent = transactions.execute(status -> publishBatch());
      batch = sent == null ? 0 : sent;
      total += batch;
    } while (batch == properties.batchSize());
    return total;
  }

  private int publishBatch() {
    List<ExperimentEvent> events =
        jdbc.sql(
                """
                select h.event_id, e.shop_id, h.experiment_id, h.at, h.change, h.actor, h.detail
                from experiment_history h join experiment e on e.experiment_id = h.experiment_id
                where h.sent_at is null order by h.history_id limit ? for update of h
                """)
            .param(properties.batchSize())
            .query(
                (rs, n) ->
                    new ExperimentEvent(
                        rs.getString("event_id"), ExperimentEvent.SCHEMA_VERSION, rs.getString("shop_id"), rs.getLong("experiment_id"),
                        Timestamps.fromDb(rs, "at"), rs.getString("change"), rs.getString("actor"), rs.getString("detail")))
            .list();
    if (events.isEmpty()) {
      return 0;
    }
    try {
      publisher.publish(
          properties.topic(), events.stream().map(r -> new AcknowledgedPublisher.Message(r.key(), WRITER.writeValueAsString(r))).toList(), "experiment events");
    } catch (IllegalStateException e) {
      // the rows stay unsent (the transaction rolls back) and go out again on the next run
      log.warn("experiment events not acknowledged, {} row(s) retried later: {}", events.size(), e.getMessage());
      throw e;
    }
    jdbc.sql("update experiment_history set sent_at = :now where event_id in (:ids)")
        .param("now", Timestamps.toDb(clock.instant().truncatedTo(ChronoUnit.MICROS)))
        .param("ids", events.stream().map(ExperimentEvent::eventId).toList())
        .update();
    return events.size();
  }

  @Override
  public void destroy() {
    publisher.close();
  }
}
