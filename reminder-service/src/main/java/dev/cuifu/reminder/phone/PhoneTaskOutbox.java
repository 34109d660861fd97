package dev.cuifu.reminder.phone;

import dev.cuifu.common.event.PhoneTaskEvent;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.reminder.ops.Timestamps;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transactional outbox of phone-task events (table {@code phone_task_outbox}): each event is
 * written in the transaction that changes the task, so it exists exactly when the change does;
 * {@link PhoneTaskEventRelay} publishes it to Kafka later. Publishing from here directly could
 * announce a change that then rolls back, or lose one when the process dies after the commit.
 */
@Component
class PhoneTaskOutbox {

  private static final tools.jackson.databind.ObjectWriter WRITER = EventJson.mapper().writerFor(PhoneTaskEvent.class);

  private final JdbcClient jdbc;

  PhoneTaskOutbox(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Adds the event to the outbox; only inside the transaction that makes the change it reports. */
  @Transactional(propagation = Propagation.MANDATORY)
  void append(PhoneTaskEvent event, Instant now) {
    jdbc.sql(
            """
            insert into phone_task_outbox (event_id, event_type, record_key, payload, created_at)
            values (?, ?, ?, ?, ?)
            """)
        .params(
            event.eventId(),
            event.getClass().getSimpleName(),
            event.key(),
            WRITER.writeValueAsString(event),
            Timestamps.toDb(now.truncatedTo(ChronoUnit.MICROS)))
        .update();
  }

  /** A new event id: the consumers' dedup key. */
  static String newEventId() {
    return java.util.UUID.randomUUID().toString();
  }
}
