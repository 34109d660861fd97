package dev.cuifu.benchmark.deployed;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The benchmark's as-deployed mode: PostgreSQL, the Kafka broker, the Twilio stub, order-ingest
 * and reminder-service each in a process of its own ({@link DeployedStack}), so that each one's
 * CPU time and resident set are its own and real; a reduced workload (orders through order-ingest's
 * API, the pending touches, one SMS burst) in phases; and per process, per phase, what {@code /proc}
 * says it used. Prints figures, never judges the run.
 *
 * <pre>java -jar benchmark/target/cuifu-benchmark.jar --as-deployed [--orders 20000] [--pending 5000000]
 *     [--burst 2000] [--root .] [--reminder-jvm "FLAGS"] [--native-memory true]</pre>
 */
public final class AsDeployed {

  public static final String OPTION = "--as-deployed";

  private AsDeployed() {}

  /** Whether the command line asks for this mode. */
  public static boolean requested(String[] args) {
    return List.of(args).contains(OPTION);
  }

  public static void main(String[] args) throws IOException {
    AsDeployedOptions options;
    try {
      options = AsDeployedOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("benchmark: " + e.getMessage() + " (the options are in docs/benchmarks.md, \"As deployed\")");
      System.exit(2);
      return;
    }
    run(options, System.out).print(System.out);
    System.exit(0);
  }

  /** Runs every phase; the work directory (logs, the database, the broker's log) is deleted afterwards unless the run failed. */
  public static AsDeployedReport run(AsDeployedOptions options, PrintStream progress) throws IOException {
    Path workDir = Files.createTempDirectory("cuifu-as-deployed");
    int cores = Runtime.getRuntime().availableProcessors();
    String loadBefore = ProcStat.loadAverage();
    AsDeployedReport report;
    try (Meters meters = new Meters()) {
      meters.add(ProcessMeter.self("benchmark (the load's client)", "this JVM: the HTTP client, the SQL fill and the polls"));
      progress.printf("as deployed: starting PostgreSQL, the broker, the Twilio stub, order-ingest and reminder-service, one process each (logs in %s)…%n", workDir);
      try (DeployedStack stack = DeployedStack.start(options, workDir, meters)) {
        DeployedLoad load = new DeployedLoad(stack);
        load.createShop();
        meters.endPhase("start-up, until both services are ready and know the shop");
        progress.printf(Locale.ROOT, "ingest: posting %,d orders to order-ingest…%n", options.orders());
        long planned = load.ingest(options.orders());
        meters.endPhase(String.format(Locale.ROOT, "ingest: %,d orders posted and planned", options.orders()));
        if (options.pending() > 0) {
          progress.printf(Locale.ROOT, "pending fill: adding %,d touches due a week ahead…%n", options.pending());
          load.fillPending(options.pending());
          meters.endPhase(String.format(Locale.ROOT, "pending fill: %,d touches (SQL)", options.pending()));
        }
        long pending = load.pendingTouches();
        progress.printf(Locale.ROOT, "dispatch burst: %,d SMS due at once among %,d pending…%n", options.burst(), pending);
        long sent = load.burst(options.burst());
        meters.endPhase(String.format(Locale.ROOT, "dispatch burst: %,d SMS due at once", options.burst()));
        JvmMemory memory = JvmMemory.scrape(stack.reminderUrl(), stack.operatorToken());
        String nativeMemory = options.nativeMemory() ? jcmd(stack.reminderPid(), "VM.native_memory", "summary", "scale=MB") : null;
        report =
            new AsDeployedReport(options, cores, loadBefore, ProcStat.loadAverage(), meters.all().stream().map(AsDeployedReport.ProcessFigures::of).toList(),
                planned, sent, load.pendingTouches(), memory, nativeMemory);
      }
    } catch (RuntimeException e) {
      progress.printf("as deployed: failed; the processes' logs are kept in %s%n", workDir);
      throw e;
    }
    deleteRecursively(workDir);
    return report;
  }

  /** The output of the running JDK's {@code jcmd} against {@code pid}. */
  private static String jcmd(long pid, String... command) {
    List<String> line = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
    line.addAll(List.of(command));
    try {
      Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(1, TimeUnit.MINUTES);
      return output;
    } catch (IOException e) {
      return "jcmd failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
