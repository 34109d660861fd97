package dev.cuifu.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A benchmark run is long; an operator stops it with Ctrl-C or SIGTERM. Its PostgreSQL, detached
 * by pg_ctl, must not outlive it, nor its temporary data directory.
 */
class BenchmarkStopIntegrationTests {

  private static final Pattern DATA_DIR = Pattern.compile("starting the local stack in (\\S+)…");

  @TempDir Path logs;

  @Test
  void aSigtermMidRunStopsTheStackWithItsPostgresqlAndDeletesTheDataDirectory() throws Exception {
    Path log = logs.resolve("benchmark.log");
    Process run =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Benchmark.class.getName(),
                "--warmup",
                "0")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long postmaster = -1;
    try {
      String output = awaitOutput(run, log, "ingest: posting");
      Matcher dataDir = DATA_DIR.matcher(output);
      assertThat(dataDir.find()).as(output).isTrue();
      Path postgresDir = Path.of(dataDir.group(1)).resolve("postgres");
      postmaster = Long.parseLong(Files.readAllLines(postgresDir.resolve("postmaster.pid")).get(0).strip());

      run.destroy(); // SIGTERM, mid-run

      assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("the benchmark exits after SIGTERM").isTrue();
      Optional<ProcessHandle> server = ProcessHandle.of(postmaster);
      if (server.isPresent()) {
        // the stop's cap on PostgreSQL (5 s) may pass on a busy machine; it is stopping by then
        server.get().onExit().get(30, TimeUnit.SECONDS);
      }
      assertThat(Path.of(dataDir.group(1))).doesNotExist();
      assertThat(Files.readString(log, StandardCharsets.UTF_8)).as("no trace for a stop").doesNotContain("the benchmark failed");
    } finally {
      run.destroyForcibly();
      if (postmaster > 0) {
        ProcessHandle.of(postmaster).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  private static String awaitOutput(Process run, Path log, String line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (output.contains(line)) {
        return output;
      }
      assertThat(run.isAlive()).as("the benchmark ended early:%n%s", output).isTrue();
      Thread.sleep(250);
    }
    throw new AssertionError("no '" + line + "' within 180 s:\n" + Files.readString(log, StandardCharsets.UTF_8));
  }
}
