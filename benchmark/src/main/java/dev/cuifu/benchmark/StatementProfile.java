package dev.cuifu.benchmark;

import dev.cuifu.testing.EmbeddedPostgresServer;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * With {@code -Dcuifu.benchmark.statements=true}, the statements that took PostgreSQL's time in
 * each phase, from {@code pg_stat_statements} (loaded into the benchmark's database at start):
 * the way to find what a phase waits on without guessing. Off by default, since the extension
 * itself costs a little.
 */
final class StatementProfile {

  static final String PROPERTY = "cuifu.benchmark.statements";
  private static final int TOP = 8;

  private final String jdbcUrl;
  private final List<String> sections = new ArrayList<>();

  private StatementProfile(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  static boolean requested() {
    return Boolean.getBoolean(PROPERTY);
  }

  /** Adds the extension to the embedded server's settings; call before the stack starts. */
  static void preload() {
    Benchmark.addServerSettings("shared_preload_libraries=pg_stat_statements;pg_stat_statements.track=all");
  }

  /** A profile that starts counting now; {@code null} when not requested. */
  static StatementProfile startIfRequested(String jdbcUrl) {
    if (!requested()) {
      return null;
    }
    StatementProfile profile = new StatementProfile(jdbcUrl);
    profile.execute("create extension if not exists pg_stat_statements");
    profile.execute("select pg_stat_statements_reset()");
    return profile;
  }

  /** Keeps the top statements since the last call under {@code phase}, and starts counting anew. */
  void endPhase(String phase) {
    StringBuilder section = new StringBuilder("statements of phase '" + phase + "' by total time:\n");
    try (Connection db = connect();
        Statement statement = db.createStatement();
        ResultSet rows =
            statement.executeQuery(
                """
                select calls, total_exec_time, mean_exec_time, rows,
                       regexp_replace(query, '\\s+', ' ', 'g') as query
                from pg_stat_statements order by total_exec_time desc limit %d
                """
                    .formatted(TOP))) {
      while (rows.next()) {
        String query = rows.getString("query");
        section.append(
            String.format(
                "  %,10.0f ms total %,9d calls %8.2f ms mean %,10d rows  %s%n",
                rows.getDouble("total_exec_time"),
                rows.getLong("calls"),
                rows.getDouble("mean_exec_time"),
                rows.getLong("rows"),
                query.length() > 150 ? query.substring(0, 150) + "…" : query));
      }
    } catch (SQLException e) {
      section.append("  (not available: ").append(e.getMessage()).append(")\n");
    }
    sections.add(section.toString());
    execute("select pg_stat_statements_reset()");
  }

  void print(PrintStream out) {
    sections.forEach(out::println);
  }

  private void execute(String sql) {
    try (Connection db = connect();
        Statement statement = db.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("pg_stat_statements: " + e.getMessage(), e);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
  }
}
