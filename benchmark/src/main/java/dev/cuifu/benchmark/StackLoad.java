package dev.cuifu.benchmark;

import dev.cuifu.launcher.LocalStack;
import dev.cuifu.testing.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The touch side of the benchmark, through the real stack: orders posted over HTTP to
 * order-ingest, through Kafka, planned as touch rows by reminder-service; then payments for a
 * sample of them, which cancel their touches.
 */
final class StackLoad {

  /** How long the benchmark waits for the stack to catch up before it calls the run failed. */
  static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(5);

  private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
  private static final Pattern DUPLICATES = Pattern.compile("\"duplicates\"\\s*:\\s*(\\d+)");
  /** This run's SMS touches (parameters: the shop, the run's order-id pattern). */
  private static final String FROM_SMS_TOUCHES = " from reminder.touch where shop_id = ? and channel = 'SMS' and order_id like ?";
  private static final String SMS_TOUCHES = "select count(*)" + FROM_SMS_TOUCHES;

  /**
   * PostgreSQL's setting that keeps each transaction's commit time ({@code
   * pg_xact_commit_timestamp(xmin)}): with it, "planned" and "cancelled" are when the rows were
   * committed; without it (the smoke test), the rows' own timestamps, taken when their batch
   * began. Set by {@link Benchmark#main} before the stack starts.
   */
  static final String COMMIT_TIMESTAMPS = "track_commit_timestamp=on";

  /** The buyers' numbers: {@code +86138} and 8 digits, apart from the limit's and the Quartz baseline's. */
  static final String BUYER_PREFIX = "+86138";

  private final LocalStack stack;
  private final BenchmarkSizes sizes;
  private final String run;
  private final HttpClient http;

  StackLoad(LocalStack stack, BenchmarkSizes sizes) {
    this.stack = stack;
    this.sizes = sizes;
    this.run = Long.toString(System.currentTimeMillis(), 36);
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  /** What the ingest phase measured. */
  record IngestResult(
      int posted,
      long accepted,
      long duplicates,
      long ordersPlanned,
      long touchesPlanned,
      long acceptNanos,
      long planNanos,
      ServiceMetrics.Timing batches,
      double eventsPerBatch,
      ConsumerLag.Result lag,
      Throughput accepting,
      Throughput planning) {

    double acceptedPerSecond() {
      return Rates.perSecond(accepted, acceptNanos);
    }

    double ordersPlannedPerSecond() {
      return Rates.perSecond(ordersPlanned, planNanos);
    }

    double touchesPlannedPerSecond() {
      return Rates.perSecond(touchesPlanned, planNanos);
    }
  }

  /**
   * What the cancellation phase measured over all its rounds: orders paid and cancelled, the
   * latency OrderPaid 202 → the order's touches cancelled (per order), reminder-service's consumer
   * batches holding a payment (consumed → committed), and the touches cancelled over the rounds'
   * own time (each round from its first POST to its last cancellation, the waits between rounds
   * left out).
   */
  record CancelResult(
      int rounds,
      int paid,
      long accepted,
      long ordersCancelled,
      long touchesCancelled,
      long totalNanos,
      Duration p50,
      Duration p99,
      Duration max,
      PaymentBatches.Distribution paymentBatches,
      Throughput cancelling) {

    double touchesCancelledPerSecond() {
      return Rates.perSecond(touchesCancelled, totalNanos);
    }
  }

  /** Posts every order, then waits until each has its SMS touch row. */
  IngestResult ingest() {
    int orders = sizes.orders();
    List<int[]> batches = Workers.ranges(0, orders, sizes.batchSize());
    ServiceMetrics before = ServiceMetrics.scrape(stack.reminderUrl(), stack.operatorToken());
    AtomicLong acceptedSoFar = new AtomicLong();
    TouchCounter plannedSoFar = TouchCounter.smsPlanned(stack.reminderUrl(), stack.operatorToken());
    try (Connection db = connect();
        ConsumerLag lag = ConsumerLag.start(stack.kafkaBootstrapServers(), acceptedSoFar::get, plannedSoFar::sinceStart)) {
      PhaseClock accepting = PhaseClock.start();
      PhaseClock planning = PhaseClock.start();
      long start = accepting.startNanos();
      Instant startedAt = accepting.startedAt();
      List<Accepted> answers =
          Workers.inParallel(
              sizes.clients(),
              batches,
              range -> {
                Accepted answer = post(orderCreatedBatch(range[0], range[1]));
                acceptedSoFar.addAndGet(answer.accepted());
                accepting.done(answer.accepted());
                return answer;
              });
      long acceptedAt = System.nanoTime();
      long accepted = answers.stream().mapToLong(Accepted::accepted).sum();
      Throughput acceptedOverTime = accepting.measure(accepted, acceptedAt - start);
      lag.lastPostAnswered();
      long duplicates = answers.stream().mapToLong(Accepted::duplicates).sum();

      long deadline = acceptedAt + CATCH_UP_LIMIT.toNanos();
      long smsTouches = 0;
      // the time comes from the rows' commit, not from this loop: wait on the service's counter,
      // then confirm by counting the rows (a scan PostgreSQL would otherwise do 4 times a second)
      while (System.nanoTime() < deadline && plannedSoFar.sinceStart() < orders) {
        pause(250);
      }
      while (System.nanoTime() < deadline) {
        smsTouches = count(db, SMS_TOUCHES);
        if (smsTouches >= orders) {
          break;
        }
        pause(250);
      }
      Instant lastPlanned = lastPlanned(db).orElse(startedAt.plusNanos(System.nanoTime() - start));
      long plannedAt = start + ChronoUnit.NANOS.between(startedAt, lastPlanned);
      eachPlanned(db, planning::doneAt);
      Throughput plannedOverTime = planning.measure(smsTouches, plannedAt - start);
      ConsumerLag.Result lagOverTime = lag.stop(Duration.ofSeconds(30));
      long touches = count(db, "select count(*) from reminder.touch where shop_id = ? and order_id like ?");
      ServiceMetrics after = ServiceMetrics.scrape(stack.reminderUrl(), stack.operatorToken());
      ServiceMetrics.Timing applied = ServiceMetrics.timing(before, after, "cuifu_events_batch_apply");
      double events = after.value("cuifu_events_batch_size_sum") - before.value("cuifu_events_batch_size_sum");
      return new IngestResult(
          orders,
          accepted,
          duplicates,
          smsTouches,
          touches,
          acceptedAt - start,
          plannedAt - start,
          applied,
          applied.count() == 0 ? 0 : events / applied.count(),
          lagOverTime,
          acceptedOverTime,
          plannedOverTime);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** When the last of this run's SMS touches was planned (committed), if any was. */
  private Optional<Instant> lastPlanned(Connection db) throws SQLException {
    try (PreparedStatement query =
        db.prepareStatement(
            "select max(" + committedAt(db, "planned_at") + ")" + FROM_SMS_TOUCHES)) {
      query.setString(1, LocalStack.DEMO_SHOP);
      query.setString(2, orderPrefix() + "%");
      try (ResultSet rows = query.executeQuery()) {
        Timestamp last = rows.next() ? rows.getTimestamp(1) : null;
        return Optional.ofNullable(last).map(Timestamp::toInstant);
      }
    }
  }

  /** When each of this run's SMS touches was planned (committed). */
  private void eachPlanned(Connection db, java.util.function.Consumer<Instant> planned) throws SQLException {
    try (PreparedStatement query = db.prepareStatement("select " + committedAt(db, "planned_at") + FROM_SMS_TOUCHES)) {
      query.setString(1, LocalStack.DEMO_SHOP);
      query.setString(2, orderPrefix() + "%");
      query.setFetchSize(10_000);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          planned.accept(rows.getTimestamp(1).toInstant());
        }
      }
    }
  }

  /** A row's commit time if PostgreSQL keeps them, else {@code column} (when its batch began). */
  private static String committedAt(Connection db, String column) throws SQLException {
    try (Statement show = db.createStatement();
        ResultSet setting = show.executeQuery("show track_commit_timestamp")) {
      return setting.next() && "on".equals(setting.getString(1))
          ? "coalesce(pg_xact_commit_timestamp(xmin), " + column + ")"
          : column;
    }
  }

  /**
   * Cancel rounds, one after the other, each paying a sample of the orders of its own (every
   * round's spread over all of them) in small batches and waiting until their touches are all
   * cancelled; per order, the time from its batch's 202 to the commit of its last touch turned
   * CANCELLED. The rounds' time is their own, laid end to end: the waits between them are left out.
   */
  CancelResult cancel() {
    int sample = sizes.cancelSample();
    int rounds = sizes.cancelRounds();
    int step = Math.max(1, sizes.orders() / (sample * rounds));
    ServiceMetrics before = ServiceMetrics.scrape(stack.reminderUrl(), stack.operatorToken());
    PhaseClock clock = PhaseClock.start();
    List<Long> latenciesMicros = new ArrayList<>();
    long accepted = 0;
    long cancelled = 0;
    long activeNanos = 0;
    try (Connection db = connect()) {
      for (int round = 0; round < rounds; round++) {
        List<Integer> paidOrders = new ArrayList<>(sample);
        for (int i = 0; i < sample; i++) {
          paidOrders.add((i * rounds + round) * step);
        }
        Instant roundStart = Instant.now();
        // this round's times as if the rounds ran back to back from the phase's start
        Duration idle = Duration.between(clock.startedAt(), roundStart).minusNanos(activeNanos);
        CancelRound done = cancelRound(db, paidOrders, roundStart, at -> clock.doneAt(at.minus(idle)));
        accepted += done.accepted();
        cancelled += done.touchesCancelled();
        latenciesMicros.addAll(done.latenciesMicros());
        activeNanos += done.nanos();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    latenciesMicros.sort(null);
    ServiceMetrics after = ServiceMetrics.scrape(stack.reminderUrl(), stack.operatorToken());
    long totalNanos = Math.max(1, activeNanos);
    return new CancelResult(
        rounds,
        sample * rounds,
        accepted,
        latenciesMicros.size(),
        cancelled,
        totalNanos,
        percentile(latenciesMicros, 50),
        percentile(latenciesMicros, 99),
        percentile(latenciesMicros, 100),
        PaymentBatches.between(before, after),
        clock.measure(latenciesMicros.size(), totalNanos));
  }

  /** One cancel round: what was accepted and cancelled, each order's latency, the round's length. */
  private record CancelRound(long accepted, long touchesCancelled, List<Long> latenciesMicros, long nanos) {}

  private CancelRound cancelRound(
      Connection db, List<Integer> paidOrders, Instant start, java.util.function.Consumer<Instant> orderCancelled)
      throws SQLException {
    List<String> orderIds = paidOrders.stream().map(this::orderId).toList();
    long touchesOfSample = countFor(db, "select count(*) from reminder.touch where shop_id = ? and order_id = any(?)", orderIds);
    TouchCounter cancelledSoFar = TouchCounter.cancelledByPayment(stack.reminderUrl(), stack.operatorToken());
    Map<String, Instant> acceptedAt = new HashMap<>();
    List<Paid> answers =
        Workers.inParallel(
            sizes.clients(),
            Workers.ranges(0, paidOrders.size(), sizes.cancelBatchSize()),
            range -> {
              List<Integer> these = paidOrders.subList(range[0], range[1]);
              Accepted answer = post(orderPaidBatch(these));
              return new Paid(these, answer, Instant.now());
            });
    long accepted = 0;
    for (Paid paid : answers) {
      accepted += paid.answer().accepted();
      for (int order : paid.orders()) {
        acceptedAt.put(orderId(order), paid.at());
      }
    }
    long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
    while (System.nanoTime() < deadline && cancelledSoFar.sinceStart() < touchesOfSample) {
      pause(50);
    }
    long cancelled = 0;
    while (System.nanoTime() < deadline) {
      cancelled =
          countFor(
              db,
              "select count(*) from reminder.touch where shop_id = ? and order_id = any(?) and state = 'CANCELLED'",
              orderIds);
      if (cancelled >= touchesOfSample) {
        break;
      }
      pause(50);
    }
    // per order: when its last touch's cancellation was committed
    List<Long> latenciesMicros = new ArrayList<>();
    Instant lastCancel = start;
    try (PreparedStatement query =
        db.prepareStatement(
            """
            select order_id, max(%s), bool_and(state = 'CANCELLED')
            from reminder.touch where shop_id = ? and order_id = any(?) group by order_id
            """
                .formatted(committedAt(db, "updated_at")))) {
      query.setString(1, LocalStack.DEMO_SHOP);
      query.setArray(2, db.createArrayOf("text", orderIds.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          if (!rows.getBoolean(3)) {
            continue;
          }
          Instant cancelledAt = rows.getTimestamp(2).toInstant();
          if (cancelledAt.isAfter(lastCancel)) {
            lastCancel = cancelledAt;
          }
          orderCancelled.accept(cancelledAt);
          Instant paidAccepted = acceptedAt.get(rows.getString(1));
          latenciesMicros.add(Math.max(0, ChronoUnit.MICROS.between(paidAccepted, cancelledAt)));
        }
      }
    }
    return new CancelRound(accepted, cancelled, latenciesMicros, Math.max(1, ChronoUnit.NANOS.between(start, lastCancel)));
  }

  private record Accepted(long accepted, long duplicates) {}

  private record Paid(List<Integer> orders, Accepted answer, Instant at) {}

  /** What every order id of this run starts with. */
  String orderPrefix() {
    return "bench-" + run + "-";
  }

  private String orderId(int i) {
    return "bench-" + run + "-" + i;
  }

  /** The ingest phase's POST bodies, batch by batch, as {@link #ingest} posts them. */
  List<String> orderCreatedBodies() {
    return Workers.ranges(0, sizes.orders(), sizes.batchSize()).stream().map(r -> orderCreatedBatch(r[0], r[1])).toList();
  }

  private String orderCreatedBatch(int from, int to) {
    String now = now();
    StringBuilder json = new StringBuilder((to - from) * 320).append("{\"events\":[");
    for (int i = from; i < to; i++) {
      if (i > from) {
        json.append(',');
      }
      String order = orderId(i);
      json.append(
          """
          {"type":"OrderCreated","eventId":"c-%s","orderId":"%s","occurredAt":"%s","buyerId":"buyer-%s",\
          "buyerPhone":"%s%08d","buyerTimeZone":"Asia/Shanghai","amount":{"minor":12800,"currency":"CNY"},\
          "itemSummary":"羊毛围巾 红色"}"""
              .formatted(order, order, now, order, BUYER_PREFIX, i % 100_000_000));
    }
    return json.append("]}").toString();
  }

  private String orderPaidBatch(List<Integer> orders) {
    String now = now();
    StringBuilder json = new StringBuilder(orders.size() * 200).append("{\"events\":[");
    boolean first = true;
    for (int i : orders) {
      if (!first) {
        json.append(',');
      }
      first = false;
      String order = orderId(i);
      json.append(
          """
          {"type":"OrderPaid","eventId":"p-%s","orderId":"%s","occurredAt":"%s",\
          "amount":{"minor":12800,"currency":"CNY"},"paidAt":"%s"}"""
              .formatted(order, order, now, now));
    }
    return json.append("]}").toString();
  }

  private Accepted post(String json) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "/api/v1/events/batch"))
            .header("Content-Type", "application/json")
            .header("X-Api-Key", stack.demoApiKey())
            .timeout(Duration.ofMinutes(2))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 202) {
        throw new IllegalStateException("batch not accepted (HTTP " + response.statusCode() + "): " + response.body());
      }
      return new Accepted(number(ACCEPTED, response.body()), number(DUPLICATES, response.body()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long number(Pattern pattern, String body) {
    Matcher matcher = pattern.matcher(body);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
  }

  static void awaitQuietly(ExecutorService pool) {
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(stack.postgresJdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
  }

  private long count(Connection db, String sql) throws SQLException {
    try (PreparedStatement query = db.prepareStatement(sql)) {
      query.setString(1, LocalStack.DEMO_SHOP);
      query.setString(2, "bench-" + run + "-%");
      return single(query);
    }
  }

  private static long countFor(Connection db, String sql, List<String> orderIds) throws SQLException {
    try (PreparedStatement query = db.prepareStatement(sql)) {
      query.setString(1, LocalStack.DEMO_SHOP);
      query.setArray(2, db.createArrayOf("text", orderIds.toArray()));
      return single(query);
    }
  }

  private static long single(PreparedStatement query) throws SQLException {
    try (ResultSet rows = query.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  static Duration percentile(List<Long> sortedMicros, int percent) {
    if (sortedMicros.isEmpty()) {
      return Duration.ZERO;
    }
    int index = (int) Math.ceil(percent / 100.0 * sortedMicros.size()) - 1;
    return Duration.of(sortedMicros.get(Math.max(0, Math.min(index, sortedMicros.size() - 1))), ChronoUnit.MICROS);
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
