package dev.cuifu.reminder.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Gauges of the touches still planned well past their due time: how many, and how late the oldest
 * is. What the overdue alert watches: a stalled sweep or too few instances show here first. The
 * count runs on the partial index of planned touches by due time ({@code touch_planned_due}) and
 * at most once per {@link OverdueProperties#refresh()}, however many scrapes come.
 */
@Component
class OverdueTouches {

  private record Snapshot(long count, double oldestSeconds, long takenAtNanos) {}

  private final JdbcClient jdbc;
  private final Clock clock;
  private final OverdueProperties properties;
  private Snapshot latest;

  OverdueTouches(JdbcClient jdbc, Clock clock, OverdueProperties properties, MeterRegistry meters) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.properties = properties;
    Gauge.builder("cuifu.touches.overdue", this, gauge -> gauge.snapshot().count())
        .description("Touches still planned more than cuifu.reminder.overdue.after past their due time")
        .register(meters);
    Gauge.builder("cuifu.touches.overdue.oldest", this, gauge -> gauge.snapshot().oldestSeconds())
        .description("How long past its due time the oldest still-planned touch is (0 when none is overdue)")
        .baseUnit("seconds")
        .register(meters);
  }

  // the refresh period is wall time on purpose: it paces database work, not domain time
  private synchronized Snapshot snapshot() {
    long nanos = System.nanoTime();
    if (latest == null || nanos - latest.takenAtNanos() >= properties.refresh().toNanos()) {
      latest = count(nanos);
    }
    return latest;
  }

  private Snapshot count(long nanos) {
    Instant now = clock.instant();
    return jdbc.sql("select count(*) as overdue, min(due_at) as oldest from touch where state = 'PLANNED' and due_at < ?")
        .param(Timestamps.toDb(now.minus(properties.after())))
        .query(
            (rs, row) -> {
              Instant oldest = Timestamps.fromDb(rs, "oldest");
              double seconds = oldest == null ? 0 : Duration.between(oldest, now).toMillis() / 1000.0;
              return new Snapshot(rs.getLong("overdue"), seconds, nanos);
            })
        .single();
  }
}
