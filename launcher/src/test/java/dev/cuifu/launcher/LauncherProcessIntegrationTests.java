package dev.cuifu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.testing.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The launcher as an operator runs it: {@code java … dev.cuifu.launcher.CuifuLocal} as a child
 * process on its own free ports and data directory, stopped with a real SIGINT (Ctrl-C) or killed
 * with SIGKILL. Five starts on one data directory: demo mode stopped with Ctrl-C, demo mode
 * killed hard, a normal start stopped by a SIGTERM to its process group while events come in (a
 * second launcher on the same directory refused meanwhile), then one stopped during start-up.
 */
class LauncherProcessIntegrationTests {

  /** README: "Ctrl-C stops everything", within this bound, demo mode's closing included. */
  private static final Duration STOP_BOUND = Duration.ofSeconds(10);
  private static final Duration SMS_DELAY = Duration.ofSeconds(6);
  private static final List<String> STOP_LINES =
      List.of(
          "stopped order-ingest",
          "order-ingest stopped; ",
          "stopped reminder-service",
          "stopped Twilio stub",
          "stopped chat stub",
          "stopped Kafka broker",
          "stopped PostgreSQL",
          "Cuifu stopped in");
  private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at [\\w.$]+\\(.*\\)$", Pattern.MULTILINE);

  @TempDir Path dataDir;
  @TempDir Path logs;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void ctrlCStopsInOrderAndADemoKilledHardNeverSendsOnItsBehalfAtTheNextStart() throws Exception {
    // 1. demo mode, Ctrl-C: the demo closes its open orders, then every component stops, apps first
    Launched demo = launch("demo-1", "--demo");
    Thread.sleep(SMS_DELAY.plusSeconds(3).toMillis()); // orders placed, some reminded, some still waiting
    String output = demo.interruptAndAwaitExit();
    assertThat(output).as("the demo runs on its own shop").contains("on its own shop 'demo-sim'", "sign in as sim.agent");
    Matcher closed = Pattern.compile("demo: closed (\\d+) open simulated orders \\(not reminded\\)").matcher(output);
    assertThat(closed.find()).as("the demo's closing line in:%n%s", output).isTrue();
    assertThat(Integer.parseInt(closed.group(1))).as("orders still waiting for their SMS when stopped").isPositive();
    assertStoppedInOrder(output, closed.start());
    assertThat(output)
        .as("each line names its writer, not one application for the whole JVM")
        .containsPattern("--- \\[reminder-service\\] .*org\\.quartz")
        .containsPattern("--- \\[order-ingest\\] .*TomcatWebServer")
        .doesNotContainPattern("--- \\[order-ingest\\] .*org\\.quartz");

    // 2. demo mode again on the same data: the orderly stop left nothing to close; then SIGKILL
    Launched again = launch("demo-2", "--demo");
    Thread.sleep(SMS_DELAY.plusSeconds(2).toMillis());
    String resumed = again.output();
    assertThat(resumed).as("the Ctrl-C stop left no open demo order behind").doesNotContain("left open by a demo");
    again.killHard(dataDir);

    // 3. a normal start: the killed demo's open orders are closed before anything is swept
    Launched normal = launch("normal");
    assertThat(normal.output()).containsPattern("closed \\d+ orders of demo-sim left open by a demo");
    String walkThroughOrder = "A" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(normal.postOrder(walkThroughOrder).statusCode()).isEqualTo(202);
    // the walk-through's SMS going out shows the sweep ran over everything that was due
    await().atMost(Duration.ofSeconds(40)).until(() -> normal.smsBodies().stream().anyMatch(b -> b.contains(walkThroughOrder)));
    assertThat(normal.smsBodies())
        .as("no SMS for a simulated buyer (order ids S<run>-<n>) after a normal start")
        .allSatisfy(body -> assertThat(body).contains(walkThroughOrder));

    // 3b. a second launcher on the same data dir: refused at once with one line, the first unharmed
    Launched second = spawn("second");
    assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).as("the second launcher exits").isTrue();
    String secondOutput = second.output();
    assertThat(second.process().exitValue()).as(secondOutput).isEqualTo(1);
    assertThat(secondOutput)
        .contains("Cuifu could not start: another Cuifu (process ", ") is running on the data dir " + dataDir)
        .doesNotContain("PostgreSQL started", "stopped PostgreSQL");
    assertThat(STACK_FRAME.matcher(secondOutput).find()).as("no exception trace in:%n%s", secondOutput).isFalse();
    assertThat(normal.postOrder("B" + UUID.randomUUID().toString().substring(0, 8)).statusCode()).isEqualTo(202);

    // 4. SIGTERM to the process group while events come in (it arrives twice, see
    // terminateTwiceAtOnceAndAwaitExit): one orderly stop; order-ingest stops first; every event it
    // answered 202 for is applied by reminder-service before the temporary broker goes
    ExecutorService poster = Executors.newSingleThreadExecutor();
    Future<List<String>> accepted = poster.submit(() -> postUntilRefused(normal));
    Thread.sleep(1500);
    long normalPostmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).strip());
    String normalOutput = normal.terminateTwiceAtOnceAndAwaitExit();
    assertThat(normalOutput).doesNotContain("exiting at once");
    assertStoppedInOrder(normalOutput, 0);
    assertStopped(normalPostmaster, normalOutput);
    assertThat(normalOutput).containsPattern("order-ingest stopped; reminder-service caught up with \\d+ events");
    List<String> acceptedIds = accepted.get(30, TimeUnit.SECONDS);
    poster.shutdown();
    assertThat(acceptedIds).as("events answered 202 before the stop").isNotEmpty();
    assertThat(processedEventIds(acceptedIds)).as("accepted events applied by reminder-service").containsExactlyInAnyOrderElementsOf(acceptedIds);

    // 5. Ctrl-C during start-up, PostgreSQL and the broker up, order-ingest starting: what had
    // started stops in order, with its lines, and no PostgreSQL is left running
    Launched early = launch("early", log -> log.contains("--- [order-ingest]"));
    long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).strip());
    String earlyOutput = early.interruptAndAwaitExit();
    assertThat(earlyOutput).doesNotContain("Cuifu is running");
    int kafkaStopped = earlyOutput.indexOf("stopped Kafka broker");
    assertThat(kafkaStopped).as("the broker's stop line in:%n%s", earlyOutput).isPositive();
    assertThat(earlyOutput.indexOf("stopped PostgreSQL", kafkaStopped)).as("PostgreSQL stopped after the broker").isPositive();
    assertThat(earlyOutput).contains("Cuifu stopped in");
    assertThat(STACK_FRAME.matcher(earlyOutput).find()).as("no exception trace in:%n%s", earlyOutput).isFalse();
    assertStopped(postmaster, earlyOutput);
  }

  private static void assertStopped(long postmaster, String output) {
    await()
        .atMost(Duration.ofSeconds(3))
        .untilAsserted(
            () ->
                assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false))
                    .as("PostgreSQL left running after:%n%s", output)
                    .isFalse());
  }

  /** Posts orders one after another until order-ingest stops answering; the ids answered 202. */
  private static List<String> postUntilRefused(Launched launched) {
    List<String> ids = new ArrayList<>();
    for (int n = 0; n < 10_000; n++) {
      String orderId = "L" + n + "-" + UUID.randomUUID().toString().substring(0, 6);
      try {
        if (launched.postOrder(orderId).statusCode() == 202) {
          ids.add("c-" + orderId);
        }
      } catch (Exception e) {
        return ids; // refused: order-ingest is gone
      }
    }
    return ids;
  }

  /** Reads reminder-service's applied events from the stopped launcher's data dir. */
  private List<String> processedEventIds(List<String> eventIds) throws Exception {
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startPersistent(dataDir.resolve("postgres"), 0);
        Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
        PreparedStatement query = connection.prepareStatement("select event_id from reminder.applied_event where event_id = any(?)")) {
      query.setArray(1, connection.createArrayOf("text", eventIds.toArray()));
      List<String> found = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getString(1));
        }
      }
      return found;
    }
  }

  private static void assertStoppedInOrder(String output, int from) {
    int previous = from;
    for (String line : STOP_LINES) {
      int at = output.indexOf(line, previous);
      assertThat(at).as("'%s' after the lines before it, in:%n%s", line, output.substring(from)).isGreaterThan(previous);
      previous = at;
    }
    assertThat(output).as("no ERROR line").doesNotContain(" ERROR ");
    assertThat(STACK_FRAME.matcher(output).find()).as("no exception trace in:%n%s", output).isFalse();
  }

  private Launched launch(String name, String... args) throws IOException {
    return launch(
        name, output -> output.contains("Cuifu is running") && (args.length == 0 || output.contains("Ctrl-C closes the open simulated orders")), args);
  }

  private Launched launch(String name, Predicate<String> ready, String... args) throws IOException {
    Launched launched = spawn(name, args);
    Process process = launched.process();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              String output = launched.output();
              if (!process.isAlive()) {
                throw new AssertionError("the launcher exited (" + process.exitValue() + "):\n" + output);
              }
              return ready.test(output);
            });
    return launched;
  }

  /** The launcher started, not waited for. */
  private Launched spawn(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    if (sigintIgnoredHere()) {
      // a child inherits an ignored SIGINT (a build started in the background by a script), and the
      // JVM then never sees Ctrl-C: give the launcher the default disposition, as a terminal would
      command.addAll(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\""));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-cp", System.getProperty("java.class.path"),
            "-Dcuifu.local.data-dir=" + dataDir,
            "-Dcuifu.local.ingest-port=0",
            "-Dcuifu.local.reminder-port=0",
            "-Dcuifu.local.twilio-stub-port=0",
            "-Dcuifu.local.chat-stub-port=0",
            "-Dcuifu.local.postgres-port=0",
            "-Dcuifu.local.demo-sms-delay=" + SMS_DELAY,
            "dev.cuifu.launcher.CuifuLocal"));
    command.addAll(List.of(args));
    Path log = logs.resolve(name + ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    started.add(process);
    return new Launched(process, log);
  }

  private static boolean sigintIgnoredHere() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 1)) != 0; // bit 1: SIGINT (2)
      }
    }
    return false;
  }

  private record Launched(Process process, Path log) {

    String output() throws IOException {
      return Files.readString(log);
    }

    /** Ctrl-C as a terminal sends it: SIGINT to the launcher (Process.destroy() would send SIGTERM). */
    String interruptAndAwaitExit() throws Exception {
      return signalAndAwaitExit("INT");
    }

    /**
     * A SIGTERM to the process group of {@code java -jar cuifu-local.jar} (systemd's stop, {@code
     * kill -- -PGID}): the launcher's JVM gets it directly and again from its parent JVM, which
     * passes it on — one stop, not a second signal that cuts it short.
     */
    String terminateTwiceAtOnceAndAwaitExit() throws Exception {
      return signalAndAwaitExit("TERM", "TERM");
    }

    private String signalAndAwaitExit(String... signals) throws Exception {
      Instant sent = Instant.now();
      for (String signal : signals) {
        assertThat(new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).start().waitFor()).isZero();
      }
      boolean exited = process.waitFor(STOP_BOUND.toMillis() + 500, TimeUnit.MILLISECONDS);
      Duration took = Duration.between(sent, Instant.now());
      String output = output();
      assertThat(exited).as("exited within %s of SIG%s; output:%n%s", STOP_BOUND, signals[0], output).isTrue();
      assertThat(took).as("time from SIG%s to exit", signals[0]).isLessThanOrEqualTo(STOP_BOUND);
      return output;
    }

    /**
     * SIGKILL: no hook runs. PostgreSQL, which pg_ctl detached from the launcher, would outlive it
     * and hold the data directory; it goes too, as in a crash of the machine.
     */
    void killHard(Path dataDir) throws Exception {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).strip());
      ProcessHandle.of(postmaster)
          .ifPresent(
              server -> {
                List<ProcessHandle> all = new ArrayList<>(server.descendants().toList());
                all.add(server);
                all.forEach(ProcessHandle::destroyForcibly);
                all.forEach(p -> p.onExit().join());
              });
    }

    HttpResponse<String> postOrder(String orderId) throws Exception {
      String output = output();
      String json =
          """
          {"type":"OrderCreated","eventId":"c-%s","orderId":"%s","occurredAt":"%s","buyerId":"b-%s",
           "buyerPhone":"+8613800138009","buyerTimeZone":"Asia/Shanghai","amount":{"minor":12800,"currency":"CNY"},"itemSummary":"茶杯"}
          """
              .formatted(orderId, orderId, Instant.now().truncatedTo(ChronoUnit.SECONDS), orderId);
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(banner(output, "order-ingest\\s+(http\\S+)") + "/api/v1/events"))
                  .header("X-Api-Key", banner(output, "API key:\\s+(\\S+)"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    }

    List<String> smsBodies() throws Exception {
      String messages = banner(output(), "Twilio stub\\s+(http\\S+)");
      String body =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(URI.create(messages)).GET().build(), HttpResponse.BodyHandlers.ofString())
              .body();
      List<String> bodies = new ArrayList<>();
      for (JsonNode message : EventJson.mapper().readTree(body)) {
        bodies.add(message.get("body").asString());
      }
      return bodies;
    }

    private static String banner(String output, String pattern) {
      Matcher matcher = Pattern.compile(pattern).matcher(output);
      assertThat(matcher.find()).as("%s in the banner", pattern).isTrue();
      return matcher.group(1);
    }
  }
}
