package dev.cuifu.benchmark;

import dev.cuifu.testing.EmbeddedPostgresServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The planning phase's limit: every row the ingest phase wrote (order-ingest's dedupe rows and
 * whatever reminder-service's planning wrote: orders, touches, decisions, processed events…), taken
 * as they stand once every order is planned, and written again set-wise with {@code COPY … FROM
 * STDIN} (PgJDBC's {@link CopyManager}) into empty copies of their tables (same columns, indexes and
 * constraints; no foreign keys, no identity defaults) in the same PostgreSQL, in as many
 * transactions as reminder-service's consumer used, from the benchmark's client threads. No Kafka,
 * no HTTP, no logic: what PostgreSQL alone takes of the same rows. Which tables is found, not
 * listed: every table (but Quartz's and Flyway's) with rows written since {@link #start}.
 */
final class RawInsertLimit {

  static final String SCHEMA = "raw_limit";

  /** Rounds of the same rows at most (each into tables of its own): this many is long enough. */
  static final int MAX_ROUNDS = 50;

  /** One table's rows, in COPY text format (one row per line: newlines inside values are escaped). */
  private record Rows(String source, String target, byte[] text, int[] lineStarts) {

    int lines() {
      return lineStarts.length;
    }

    /** Lines [from, to) as a stream of their bytes. */
    ByteArrayInputStream lines(int from, int to) {
      int start = from < lineStarts.length ? lineStarts[from] : text.length;
      int end = to < lineStarts.length ? lineStarts[to] : text.length;
      return new ByteArrayInputStream(text, start, end - start);
    }
  }

  private final String jdbcUrl;
  private final long firstXid;
  private List<Rows> captured = List.of();
  private long roundsCreated;

  private RawInsertLimit(String jdbcUrl, long firstXid) {
    this.jdbcUrl = jdbcUrl;
    this.firstXid = firstXid;
  }

  /** Call right before the phase whose rows are to be written again. */
  static RawInsertLimit start(String jdbcUrl) {
    try (Connection db = connect(jdbcUrl);
        Statement sql = db.createStatement();
        ResultSet next = sql.executeQuery("select pg_snapshot_xmax(pg_current_snapshot())::text::bigint % 4294967296")) {
      next.next();
      return new RawInsertLimit(jdbcUrl, next.getLong(1));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Call when the phase is over: copies out every row written since {@link #start}. */
  void capture() {
    List<Rows> rows = new ArrayList<>();
    try (Connection db = connect(jdbcUrl)) {
      CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
      for (String table : tables(db)) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy.copyOut("copy (select * from " + table + " where xmin::text::bigint >= " + firstXid + ") to stdout", out);
        byte[] text = out.toByteArray();
        if (text.length > 0) {
          rows.add(new Rows(table, SCHEMA + "." + table.replace('.', '_'), text, lineStarts(text)));
        }
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(e);
    }
    captured = rows;
  }

  /** The tables captured and their row counts, for the console. */
  String describe() {
    return String.join(", ", captured.stream().map(r -> String.format("%s %,d", r.source(), r.lines())).toList());
  }

  long rows() {
    return captured.stream().mapToLong(Rows::lines).sum();
  }

  /**
   * Writes the captured rows into empty copies of their tables in {@code transactions}
   * transactions (the k-th holds the k-th share of every table's rows) from {@code threads}
   * threads, and again into new empty copies until {@code atLeast} has passed; the rate is in
   * {@code orders} (the phase's orders, spread like the rows).
   */
  Throughput measure(long orders, int transactions, int threads, Duration atLeast) {
    int chunks = Math.max(1, transactions);
    AtomicLong next = new AtomicLong();
    AtomicLong total = new AtomicLong();
    try {
      PhaseClock clock = PhaseClock.start();
      Workers.run(
          "raw-insert-limit",
          threads,
          () -> {
            try (Connection db = connect(jdbcUrl)) {
              db.setAutoCommit(false);
              CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
              for (long n = next.getAndIncrement();
                  n / chunks < MAX_ROUNDS && clock.moreTo(n, chunks, atLeast);
                  n = next.getAndIncrement()) {
                int k = (int) (n % chunks);
                createTables(n / chunks);
                for (Rows table : captured) {
                  // each round writes into tables of its own, created empty, as the first
                  copy.copyIn(
                      "copy " + table.target() + round(n / chunks) + " from stdin",
                      table.lines(share(table.lines(), k, chunks), share(table.lines(), k + 1, chunks)));
                }
                db.commit();
                long units = share(orders, k + 1, chunks) - share(orders, k, chunks);
                total.addAndGet(units);
                clock.done(units);
              }
            }
          });
      return clock.measure(total.get(), System.nanoTime() - clock.startNanos());
    } finally {
      dropTables();
    }
  }

  private static String round(long round) {
    return "_" + round;
  }

  private static int share(int total, int k, int chunks) {
    return (int) share((long) total, k, chunks);
  }

  private static long share(long total, int k, int chunks) {
    return total * k / chunks;
  }

  /** Tables with rows, but Quartz's (the scheduler's own bookkeeping) and Flyway's. */
  private static List<String> tables(Connection db) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement sql = db.createStatement();
        ResultSet rows =
            sql.executeQuery(
                """
                select table_schema || '.' || table_name from information_schema.tables
                where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema', '%s')
                  and table_name not like 'qrtz\\_%%' and table_name <> 'flyway_schema_history'
                order by 1
                """
                    .formatted(SCHEMA))) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    return tables;
  }

  /**
   * Empty copies of the captured tables for one round, made by the first thread that reaches it
   * (inside the measured time: a few statements per round, against seconds of COPY).
   */
  private synchronized void createTables(long round) throws SQLException {
    if (round < roundsCreated) {
      return;
    }
    try (Connection db = connect(jdbcUrl);
        Statement sql = db.createStatement()) {
      if (roundsCreated == 0) {
        sql.execute("drop schema if exists " + SCHEMA + " cascade");
        sql.execute("create schema " + SCHEMA);
      }
      for (; roundsCreated <= round; roundsCreated++) {
        for (Rows table : captured) {
          sql.execute(
              "create table " + table.target() + round(roundsCreated) + " (like " + table.source()
                  + " including all excluding identity excluding generated)");
        }
      }
    }
  }

  private void dropTables() {
    try (Connection db = connect(jdbcUrl);
        Statement sql = db.createStatement()) {
      sql.execute("drop schema if exists " + SCHEMA + " cascade");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int[] lineStarts(byte[] text) {
    int[] starts = new int[1024];
    int lines = 0;
    for (int i = 0; i < text.length; i++) {
      if (i == 0 || text[i - 1] == '\n') {
        if (lines == starts.length) {
          starts = Arrays.copyOf(starts, lines * 2);
        }
        starts[lines++] = i;
      }
    }
    return Arrays.copyOf(starts, lines);
  }

  private static Connection connect(String jdbcUrl) throws SQLException {
    return DriverManager.getConnection(jdbcUrl, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
  }
}
