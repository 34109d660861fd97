package dev.cuifu.benchmark;

import dev.cuifu.launcher.LocalStack;
import dev.cuifu.testing.EmbeddedPostgresServer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dispatch side of the benchmark: a festival burst of planned SMS touches falls due at once
 * (their {@code due_at} set to the database's now in one statement) and reminder-service's
 * sweep hands them to the Twilio stub; and the same burst again once the touch table holds a
 * million or more pending touches that are not due, to show that claims do not slow down; and, for
 * the engine alone, touches falling due at a steady rate ({@link #steady}).
 */
final class DispatchLoad {

  /** The steady phase's buyers' numbers: {@code +8615} and 9 digits, apart from every other phase's. */
  static final String STEADY_BUYER_PREFIX = "+8615";

  /** How long before the steady window opens its touches are committed, at least. */
  static final Duration WINDOW_LEAD = Duration.ofSeconds(2);

  /**
   * Numbers already given to the steady phase's buyers in this JVM: each run's buyers are new, so
   * the frequency cap holds none of them back for an earlier round's message.
   */
  private static final AtomicLong STEADY_PHONES = new AtomicLong();

  private static final AtomicLong STEADY_RUNS = new AtomicLong();

  private final LocalStack stack;
  private final String orderPrefix;
  private final String run;

  DispatchLoad(LocalStack stack, String orderPrefix) {
    this.stack = stack;
    this.orderPrefix = orderPrefix;
    this.run = Long.toString(System.nanoTime(), 36);
  }

  /** One burst: how fast it went out and how late each touch was handed to the channel. */
  record BurstResult(
      long pending,
      int due,
      long sent,
      long notSent,
      long nanos,
      Duration lagP50,
      Duration lagP99,
      Duration lagMax,
      ServiceMetrics.Timing claims,
      Throughput sending) {

    double sentPerSecond() {
      return Rates.perSecond(sent, nanos);
    }
  }

  /** Makes {@code count} planned SMS touches of the benchmark's orders due now and waits for them. */
  BurstResult burst(int count) {
    try (Connection db = connect()) {
      long pending = single(db, "select count(*) from reminder.touch where state = 'PLANNED'");
      ServiceMetrics before = ServiceMetrics.scrape(stack.reminderUrl(), stack.operatorToken());
      PhaseClock clock = PhaseClock.start();
      List<Long> ids = PendingTouches.makeDueNow(db, LocalStack.DEMO_SHOP, orderPrefix, count);
      Array touchIds = db.createArrayOf("bigint", ids.toArray());
      Instant dueBy = Instant.now();
      awaitSettled(db, dueBy, ids.stream().mapToLong(Long::longValue).min().orElse(0), ids.stream().mapToLong(Long::longValue).max().orElse(-1));
      try (PreparedStatement outcome =
          db.prepareStatement("select state, due_at, sent_at from reminder.touch where touch_id = any(?)")) {
        outcome.setArray(1, touchIds);
        return outcome(outcome, pending, ids.size(), clock, before);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The engine at a steady arrival rate: {@code perSecond × seconds} planned SMS touches, each of an
   * unpaid order of its own (distinct buyers, as {@link #fillPending} adds them), inserted before the
   * window with due times spread evenly over it; nothing is polled while it runs. Once every touch
   * has been settled: how late each was handed to the channel, and touches/s from the window's start
   * to the last one handed (the arrival rate, when the engine keeps up).
   */
  BurstResult steady(int perSecond, int seconds) {
    int count = Math.multiplyExact(perSecond, seconds);
    String prefix = "steady-" + run + "-" + STEADY_RUNS.incrementAndGet() + "-";
    long firstPhone = STEADY_PHONES.getAndAdd(count);
    try (Connection db = connect()) {
      long pending = single(db, "select count(*) from reminder.touch where state = 'PLANNED'");
      long insertStart = System.nanoTime();
      try (PreparedStatement orders =
          db.prepareStatement(
              """
              insert into reminder.buyer_order (shop_id, order_id, status, buyer_id, buyer_phone, amount_minor,
                  currency, item_summary, created_at, payment_deadline, updated_at)
              select ?, ? || g, 'UNPAID', ? || g, ? || lpad((? + g)::text, 9, '0'), 12800, 'CNY', '羊毛围巾 红色',
                  now(), now() + interval '30 days', now()
              from generate_series(0, ? - 1) g
              """)) {
        orders.setString(1, LocalStack.DEMO_SHOP);
        orders.setString(2, prefix);
        orders.setString(3, prefix + "buyer-");
        orders.setString(4, STEADY_BUYER_PREFIX);
        orders.setLong(5, firstPhone);
        orders.setInt(6, count);
        orders.executeUpdate();
      }
      // the touches, in one statement that takes about as long as the orders' did: the window opens
      // once they are surely committed, so that none is due before it can be claimed
      Duration ordersTook = Duration.ofNanos(System.nanoTime() - insertStart);
      Instant windowStart = Instant.now().plus(WINDOW_LEAD).plus(ordersTook.multipliedBy(2));
      long stepNanos = 1_000_000_000L / perSecond;
      long firstId;
      long lastId;
      try (PreparedStatement touches =
          db.prepareStatement(
              """
              with planned as (
                  insert into reminder.touch (shop_id, order_id, tier, channel, due_at, state, planned_at, updated_at)
                  select ?, ? || g, 1, 'SMS', ?::timestamptz + g * ? * interval '1 microsecond', 'PLANNED', now(), now()
                  from generate_series(0, ? - 1) g
                  returning touch_id)
              select min(touch_id), max(touch_id) from planned
              """)) {
        touches.setString(1, LocalStack.DEMO_SHOP);
        touches.setString(2, prefix);
        touches.setObject(3, windowStart.atOffset(ZoneOffset.UTC));
        touches.setDouble(4, stepNanos / 1_000.0);
        touches.setInt(5, count);
        try (ResultSet rows = touches.executeQuery()) {
          rows.next();
          firstId = rows.getLong(1);
          lastId = rows.getLong(2);
        }
      }
      if (Instant.now().isAfter(windowStart)) {
        System.out.printf("warning: the steady phase's touches were committed %s after its window opened%n",
            Duration.between(windowStart, Instant.now()));
      }
      StackLoad.pause(Math.max(0, Duration.between(Instant.now(), windowStart).toMillis()));
      ServiceMetrics before = ServiceMetrics.scrape(stack.reminderUrl(), stack.operatorToken());
      PhaseClock clock = PhaseClock.start();
      StackLoad.pause(Math.max(0, Duration.between(Instant.now(), windowStart.plusSeconds(seconds)).toMillis()));
      awaitSettled(db, windowStart.plusSeconds(seconds), firstId, lastId);
      try (PreparedStatement outcome =
          db.prepareStatement("select state, due_at, sent_at from reminder.touch where touch_id between ? and ? and shop_id = ? and order_id like ?")) {
        outcome.setLong(1, firstId);
        outcome.setLong(2, lastId);
        outcome.setString(3, LocalStack.DEMO_SHOP);
        outcome.setString(4, prefix + "%");
        return outcome(outcome, pending, count, clock, before);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A phase's touches as they ended ({@code outcome} selects their state, due_at and sent_at). */
  private BurstResult outcome(PreparedStatement outcome, long pending, int due, PhaseClock clock, ServiceMetrics before)
      throws SQLException {
    ServiceMetrics after = ServiceMetrics.scrape(stack.reminderUrl(), stack.operatorToken());
    Instant start = clock.startedAt();
    List<Long> lagMicros = new ArrayList<>(due);
    Instant lastSent = start;
    long notSent = 0;
    try (ResultSet rows = outcome.executeQuery()) {
      while (rows.next()) {
        if (!"SENT".equals(rows.getString(1))) {
          notSent++;
          continue;
        }
        Instant dueAt = rows.getTimestamp(2).toInstant();
        Instant sentAt = rows.getTimestamp(3).toInstant();
        lagMicros.add(Math.max(0, ChronoUnit.MICROS.between(dueAt, sentAt)));
        clock.doneAt(sentAt);
        if (sentAt.isAfter(lastSent)) {
          lastSent = sentAt;
        }
      }
    }
    lagMicros.sort(null);
    long nanos = Math.max(1, ChronoUnit.NANOS.between(start, lastSent));
    return new BurstResult(
        pending,
        due,
        lagMicros.size(),
        notSent,
        nanos,
        StackLoad.percentile(lagMicros, 50),
        StackLoad.percentile(lagMicros, 99),
        StackLoad.percentile(lagMicros, 100),
        ServiceMetrics.timing(before, after, "cuifu_dispatch_claim"),
        clock.measure(lagMicros.size(), nanos));
  }

  /**
   * Adds {@code count} unpaid orders with one SMS touch each, due a week or more from now, in
   * chunks of 500,000 rows; returns how long it took.
   */
  Duration fillPending(int count) {
    long start = System.nanoTime();
    try (Connection db = connect()) {
      PendingTouches.add(db, LocalStack.DEMO_SHOP, "pending-" + run + "-", "pending-buyer-" + run + "-", count);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /**
   * Touches sent although their order's payment had been consumed before they fell due: the
   * figure that must be 0 (docs/architecture.md, "Targets").
   */
  long lateSends() {
    try (Connection db = connect()) {
      return single(
          db,
          """
          select count(*) from reminder.touch t
          join reminder.processed_event p
            on p.shop_id = t.shop_id and p.order_id = t.order_id and p.event_type = 'OrderPaid'
          where t.state = 'SENT' and p.processed_at < t.due_at
          """);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(stack.postgresJdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
  }

  private static long single(Connection db, String sql) throws SQLException {
    try (Statement query = db.createStatement();
        ResultSet rows = query.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /**
   * Waits (at most {@link StackLoad#CATCH_UP_LIMIT}) until no touch with an id in {@code
   * firstId..lastId} is still planned and due by {@code dueBy} or being sent. The figures come from
   * the rows' {@code sent_at}, not from this loop; each poll reads only the backlog, through the
   * partial indexes on planned and sending touches, so that polling takes next to nothing from the
   * engine it measures (a poll over the phase's ids took ~100 ms of PostgreSQL's time for 30,000 of
   * them on a loaded machine, a third of its work during the engine-alone burst).
   */
  private static void awaitSettled(Connection db, Instant dueBy, long firstId, long lastId) throws SQLException {
    long deadline = System.nanoTime() + StackLoad.CATCH_UP_LIMIT.toNanos();
    try (PreparedStatement backlog =
        db.prepareStatement(
            """
            select count(*) from (
                select touch_id from reminder.touch where state = 'PLANNED' and due_at <= ?
                union all
                select touch_id from reminder.touch where state = 'SENDING' and lease_until > '-infinity'
                offset 0) backlog
            where touch_id between ? and ?
            """)) {
      backlog.setObject(1, dueBy.atOffset(ZoneOffset.UTC));
      backlog.setLong(2, firstId);
      backlog.setLong(3, lastId);
      while (System.nanoTime() < deadline) {
        try (ResultSet rows = backlog.executeQuery()) {
          rows.next();
          if (rows.getLong(1) == 0) {
            return;
          }
        }
        StackLoad.pause(200);
      }
    }
  }
}
