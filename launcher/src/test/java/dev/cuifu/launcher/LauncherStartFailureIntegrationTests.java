package dev.cuifu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher starts its components at the same time; when one cannot start, the operator reads
 * which one, what had started is stopped, and the process ends with a failure status instead of
 * hanging on the threads of the others.
 */
class LauncherStartFailureIntegrationTests {

  /** A bound for the whole run, start and stop, on a busy 2-core machine. */
  private static final long EXIT_BOUND_SECONDS = 150;

  @TempDir Path dataDir;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void aStubWhosePortIsTakenIsNamedAndPostgresqlAndTheBrokerAreStopped() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Ended ended = launch("-Dcuifu.local.chat-stub-port=" + taken.getLocalPort());

      assertThat(ended.status()).as(ended.output()).isEqualTo(1);
      assertThat(ended.output())
          .contains("Cuifu could not start: chat stub did not start", "Address already in use")
          .contains("choose another with -Dcuifu.local.chat-stub-port=…")
          .contains("stopped Kafka broker", "stopped PostgreSQL")
          .doesNotContain("order-ingest started", "Cuifu is running");
    }
  }

  @Test
  void orderIngestFailingStopsReminderServiceStartingBesideItAndIsTheOneNamed() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Ended ended = launch("-Dcuifu.local.ingest-port=" + taken.getLocalPort());

      assertThat(ended.status()).as(ended.output()).isEqualTo(1);
      assertThat(ended.output())
          .contains("Cuifu could not start: order-ingest did not start")
          .contains("choose another with -Dcuifu.local.ingest-port=…")
          // reminder-service's start fails for the same reason: Spring's report of it comes once
          .containsOnlyOnce("APPLICATION FAILED TO START")
          // logged once both apps had set up logging: two apps setting it up at once doubled every line
          .containsOnlyOnce("order-ingest did not start after")
          .doesNotContain("reminder-service started", "reminder-service did not start", "Cuifu is running")
          .contains("stopped Kafka broker", "stopped PostgreSQL");
    }
  }

  @Test
  void aDataDirThatCannotBeUsedIsSaidInOneLine() throws Exception {
    Path file = Files.writeString(Files.createDirectories(dataDir).resolve("a-file"), "not a directory");
    Ended ended = launch("-Dcuifu.local.data-dir=" + file);

    assertThat(ended.status()).as(ended.output()).isEqualTo(1);
    assertThat(ended.output())
        .contains("Cuifu could not start: cannot use the data dir " + file + ": a file is in the way of a directory")
        .doesNotContain("Exception", "PostgreSQL started");
  }

  private record Ended(int status, String output) {}

  /** The launcher's main class in a JVM of its own, on free ports but for {@code override}, run to its end. */
  private Ended launch(String override) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "-Dcuifu.local.data-dir=" + dataDir));
    for (String port : new String[] {"ingest-port", "reminder-port", "twilio-stub-port", "chat-stub-port", "postgres-port"}) {
      if (!override.startsWith("-Dcuifu.local." + port + "=")) {
        command.add("-Dcuifu.local." + port + "=0");
      }
    }
    command.add(override);
    command.add("dev.cuifu.launcher.CuifuLocal");
    Path log = Files.createDirectories(dataDir).resolve("launcher-output.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    started.add(process);
    boolean exited = process.waitFor(EXIT_BOUND_SECONDS, TimeUnit.SECONDS);
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(exited).as("the launcher must exit after a failed start, not hang:\n" + output).isTrue();
    return new Ended(process.exitValue(), output);
  }
}
