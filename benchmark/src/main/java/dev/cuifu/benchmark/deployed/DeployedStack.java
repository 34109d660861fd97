package dev.cuifu.benchmark.deployed;

import dev.cuifu.testing.EmbeddedPostgresServer;
import dev.cuifu.testing.LoopbackHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The stack as it is deployed, one process each: PostgreSQL, a one-node KRaft broker and the
 * Twilio stub exactly as the fault harness runs them ({@code fault-harness.jar --postgres},
 * {@code --broker}, {@code --stubs}: the same local-infra servers, each in a JVM of its own), and
 * order-ingest and reminder-service from their own executable jars with production's JVM flags.
 * The reactor builds every jar before the benchmark (the benchmark's pom names fault-harness).
 */
final class DeployedStack implements AutoCloseable {

  /** The fault harness's stub credentials (dev.cuifu.harness.Infrastructure). */
  static final String ACCOUNT_SID = "AC" + "0".repeat(32);
  static final String AUTH_TOKEN = "fault-harness-stub-token";

  /** What the fault harness gives each of its infrastructure processes (its Launch.selfCommand). */
  static final List<String> INFRA_JVM = List.of("-Xmx512m");

  /** Generous: on a busy 2-core machine a Spring Boot service took 4 minutes to start. */
  private static final Duration START_TIMEOUT = Duration.ofMinutes(10);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path workDir;
  private final List<ChildProcess> processes = new ArrayList<>();
  private final Thread cleanup = new Thread(this::stopAll, "as-deployed-cleanup");
  private final String operatorToken = "op_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
  private String jdbcUrl;
  private String kafka;
  private String twilioUrl;
  private String ingestUrl;
  private String reminderUrl;
  private ChildProcess reminder;

  private DeployedStack(Path workDir) {
    this.workDir = workDir;
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /** Starts every process (the infrastructure's three at once, then both services at once) and meters each. */
  static DeployedStack start(AsDeployedOptions options, Path workDir, Meters meters) {
    DeployedStack stack = new DeployedStack(workDir);
    try {
      stack.startAll(options, meters);
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startAll(AsDeployedOptions options, Meters meters) {
    Path harness = jar(options.root(), "fault-harness", "fault-harness\\.jar");
    Path ingestJar = jar(options.root(), "order-ingest", "order-ingest-.*-exec\\.jar");
    Path reminderJar = jar(options.root(), "reminder-service", "reminder-service-.*-exec\\.jar");
    int postgresPort = LoopbackHttpServer.freePort();
    ChildProcess postgres = infra(harness, "postgres", postgresPort);
    ChildProcess broker = infra(harness, "broker", LoopbackHttpServer.freePort(), LoopbackHttpServer.freePort());
    ChildProcess stubs = infra(harness, "stubs", LoopbackHttpServer.freePort(), LoopbackHttpServer.freePort());
    String infraFlags = String.join(" ", INFRA_JVM);
    meters.add(ProcessMeter.started("Kafka broker", "fault-harness.jar --broker, " + infraFlags, broker.pid()));
    meters.add(ProcessMeter.started("Twilio stub", "fault-harness.jar --stubs (and its chat webhook stub), " + infraFlags, stubs.pid()));
    jdbcUrl = awaitReadyFile(postgres);
    kafka = awaitReadyFile(broker);
    twilioUrl = awaitReadyFile(stubs).split(" ")[0];
    meters.add(ProcessMeter.postgres("PostgreSQL", "the postmaster and its backends, started by fault-harness.jar --postgres", postmaster()));

    int ingestPort = LoopbackHttpServer.freePort();
    int reminderPort = LoopbackHttpServer.freePort();
    ingestUrl = "http://127.0.0.1:" + ingestPort;
    reminderUrl = "http://127.0.0.1:" + reminderPort;
    ChildProcess ingest =
        service("order-ingest", ingestJar, ingestPort, AsDeployedOptions.INGEST_PRODUCTION,
            withCommon("ingest", List.of("cuifu.ingest.operator-token=" + operatorToken)));
    List<String> reminderJvm = new ArrayList<>(options.reminderJvm());
    if (options.nativeMemory()) {
      reminderJvm.add("-XX:NativeMemoryTracking=summary");
    }
    reminder =
        service("reminder-service", reminderJar, reminderPort, reminderJvm,
            withCommon("reminder", List.of(
                "cuifu.sms.twilio.account-sid=" + ACCOUNT_SID,
                "cuifu.sms.twilio.auth-token=" + AUTH_TOKEN,
                "cuifu.sms.twilio.api-base-url=" + twilioUrl,
                "cuifu.sms.twilio.status-callback-url=" + reminderUrl + "/twilio/status",
                // as the benchmark: one demo sender measures Cuifu's capacity, not a carrier's 50/s
                "cuifu.providers.twilio.rate-limit.limit-for-period=100000",
                // SMS go out at any hour of the run, whatever the time in Shanghai
                "cuifu.reminder.policy.quiet-hours-start=00:00",
                "cuifu.reminder.policy.quiet-hours-end=00:00")));
    meters.add(ProcessMeter.started("order-ingest", String.join(" ", AsDeployedOptions.INGEST_PRODUCTION), ingest.pid()));
    meters.add(ProcessMeter.started("reminder-service", String.join(" ", reminderJvm), reminder.pid()));
    awaitReady(ingest, ingestUrl);
    awaitReady(reminder, reminderUrl);
  }

  String jdbcUrl() {
    return jdbcUrl;
  }

  String ingestUrl() {
    return ingestUrl;
  }

  String reminderUrl() {
    return reminderUrl;
  }

  String operatorToken() {
    return operatorToken;
  }

  long reminderPid() {
    return reminder.pid();
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
  }

  /** The services first (their consumers leave the group), then the infrastructure, each with SIGTERM. */
  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs
    }
  }

  private synchronized void stopAll() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
  }

  private ChildProcess infra(Path harness, String name, int... ports) {
    List<String> command = new ArrayList<>(java());
    command.addAll(INFRA_JVM);
    command.addAll(List.of("-jar", harness.toString(), "--" + name, workDir.toString()));
    for (int port : ports) {
      command.add(Integer.toString(port));
    }
    return started(ChildProcess.start(name, command, workDir.resolve(name + ".log")));
  }

  private ChildProcess service(String name, Path jar, int port, List<String> jvm, List<String> arguments) {
    List<String> command = new ArrayList<>(java());
    command.addAll(jvm);
    command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
    arguments.forEach(argument -> command.add("--" + argument));
    return started(ChildProcess.start(name, command, workDir.resolve(name + ".log")));
  }

  private synchronized ChildProcess started(ChildProcess process) {
    processes.add(process);
    return process;
  }

  /** What every service takes (its own schema), then its own settings, key=value. */
  private List<String> withCommon(String schema, List<String> own) {
    List<String> arguments = new ArrayList<>();
    arguments.add("spring.datasource.url=" + jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    arguments.add("spring.datasource.username=" + EmbeddedPostgresServer.USER);
    arguments.add("spring.datasource.password=" + EmbeddedPostgresServer.PASSWORD);
    arguments.add("spring.flyway.schemas=" + schema);
    arguments.add("spring.flyway.default-schema=" + schema);
    arguments.add("spring.kafka.bootstrap-servers=" + kafka);
    arguments.add("cuifu.management.token=" + operatorToken);
    arguments.addAll(own);
    return arguments;
  }

  /** The infrastructure process writes {@code <name>.ready} (its address) once it answers. */
  private String awaitReadyFile(ChildProcess process) {
    Path ready = workDir.resolve(process.name() + ".ready");
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!Files.exists(ready)) {
      process.requireAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(process.name() + " did not start in " + START_TIMEOUT + "; see " + process.log());
      }
      ChildProcess.pause(Duration.ofMillis(100));
    }
    try {
      return Files.readString(ready).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void awaitReady(ChildProcess process, String url) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      process.requireAlive();
      try {
        HttpResponse<String> response =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      ChildProcess.pause(Duration.ofMillis(200));
    }
    throw new IllegalStateException(process.name() + " not ready within " + START_TIMEOUT + "; see " + process.log());
  }

  /** The parent of this connection's backend. */
  private long postmaster() {
    try (Connection db = connect();
        Statement query = db.createStatement();
        ResultSet rows = query.executeQuery("select pg_backend_pid()")) {
      rows.next();
      return ProcStat.parent(rows.getLong(1));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> java() {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** {@code <module>/target/<name>} under {@code root}, or under its parent (a test's working directory). */
  static Path jar(Path root, String module, String name) {
    for (Path base : List.of(root, root.toAbsolutePath().normalize().getParent())) {
      Path target = base.resolve(module).resolve("target");
      if (Files.isDirectory(target)) {
        try (Stream<Path> files = Files.list(target)) {
          var jar = files.filter(f -> f.getFileName().toString().matches(name)).findFirst();
          if (jar.isPresent()) {
            return jar.get();
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new IllegalStateException(
        "no " + module + " jar under " + root.toAbsolutePath() + ": build with ./mvnw -q -DskipTests package first (or give --root)");
  }
}
