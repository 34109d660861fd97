package dev.cuifu.benchmark;

import dev.cuifu.benchmark.deployed.AsDeployed;
import dev.cuifu.launcher.LauncherSettings;
import dev.cuifu.launcher.LocalStack;
import dev.cuifu.testing.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The project's benchmark: starts the whole local stack in this JVM (embedded PostgreSQL, an
 * in-process Kafka broker, the stubs, order-ingest and reminder-service), measures ingest →
 * Kafka → touch rows planned, payment → touches cancelled and SMS bursts, each beside its limit
 * measured in the same run (a raw producer, a raw COPY of the same rows, raw SDK sends, the engine
 * alone with a no-op channel), then a
 * best-configured Quartz trigger-per-reminder baseline on the same PostgreSQL server, and prints
 * one table of figures, limits, ratios and targets. It writes nothing but stdout; its data
 * directory is temporary and deleted at the end.
 *
 * <p>{@code java -jar benchmark/target/cuifu-benchmark.jar [options]}: {@code --orders N}
 * (200,000), {@code --baseline-jobs N} (20,000), {@code --cancel-sample N} (1,000 per round), {@code
 * --cancel-rounds N} (20), {@code --clients N} (4), {@code --batch-size N} (1,000), {@code
 * --cancel-batch-size N} (100), {@code --burst N} (30,000), {@code --engine-burst N} (as the
 * burst), {@code --pending N} (1,000,000; 5,000,000 for the large run), {@code
 * --warmup N} (1 unmeasured round first), {@code --limit-seconds N} (30: each limit's workload
 * repeated until it has run that long), {@code --engine-rate N} (5,000 touches/s falling due at a
 * steady rate through the engine alone) for {@code --engine-seconds N} (30). The apps log at WARN unless {@code
 * -Dlogging.level.root} says otherwise.
 */
public final class Benchmark {

  /** Long enough that no SMS falls due while the benchmark runs. */
  static final Duration SMS_DELAY = Duration.ofMinutes(30);

  static final int WARMUP_BASELINE_JOBS = 1_000;

  /**
   * Warm-up rounds go on until the JIT's share of one falls below this (or the rounds allowed are
   * run): on two cores one C2 thread compiles for the whole stack in one JVM, and after a single
   * round it still took 37–67% of the measured planning phase, which then ran partly profiled code.
   */
  static final double JIT_QUIET = 0.10;

  /** How long a phase waits at most for the previous phase's delivery reports. */
  static final Duration DELIVERY_WAIT = Duration.ofMinutes(10);

  static final String SENDER_RATE_LIMIT = "cuifu.providers.twilio.rate-limit.limit-for-period";

  private Benchmark() {}

  public static void main(String[] args) throws IOException {
    if (PlainQuartzProgram.requested(args)) {
      PlainQuartzProgram.main(args); // a JVM of its own, started by the run below
      return;
    }
    if (AsDeployed.requested(args)) {
      AsDeployed.main(args); // each service in a JVM of its own: docs/benchmarks.md, "As deployed"
      return;
    }
    BenchmarkSizes sizes = BenchmarkSizes.parse(args);
    if (System.getProperty("logging.level.root") == null) {
      System.setProperty("logging.level.root", "WARN");
    }
    // The per-sender rate limit (50/s by default) models one real number's carrier limit; the
    // benchmark measures Cuifu's own capacity, so its single demo sender is not throttled.
    if (System.getProperty(SENDER_RATE_LIMIT) == null) {
      System.setProperty(SENDER_RATE_LIMIT, "100000");
    }
    addServerSettings(StackLoad.COMMIT_TIMESTAMPS);
    if (StatementProfile.requested()) {
      StatementProfile.preload();
    }
    // the stack stops from the hook below, in order, not from Spring's own hooks at the same moment
    // (the launcher does the same: PostgreSQL stopped under a running Quartz kept the JVM alive)
    System.setProperty("spring.main.register-shutdown-hook", "false");
    Path dataDir = Files.createTempDirectory("cuifu-benchmark");
    NoOpChannel noOp = new NoOpChannel();
    LocalStack stack = LocalStack.create(LauncherSettings.ephemeral(dataDir, SMS_DELAY), reminderHooks(noOp));
    // every end goes through System.exit and this hook, a Ctrl-C or SIGTERM too: PostgreSQL,
    // detached by pg_ctl, would otherwise outlive the JVM with its temporary data directory
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  EXITING.set(true);
                  stopAndDelete(stack, dataDir);
                },
                "benchmark-stop"));
    try {
      System.out.println("starting the local stack in " + dataDir + "…");
      long start = System.nanoTime();
      stack.start();
      System.out.printf("stack started in %.1f s%n", (System.nanoTime() - start) / 1e9);
      BenchmarkReport report = run(stack, noOp, sizes);
      stopAndDelete(stack, dataDir);
      report.print(System.out);
    } catch (Throwable e) {
      if (!EXITING.get()) { // else a failure of the stop's making: the stop's lines say what happened
        System.out.println("the benchmark failed:");
        e.printStackTrace(System.out);
      }
      System.exit(1);
    }
    System.exit(0);
  }

  private static final Object STOP = new Object();

  /** Set once the JVM exits (the run's end, a Ctrl-C, a SIGTERM). */
  private static final AtomicBoolean EXITING = new AtomicBoolean();

  /**
   * Stops the stack and deletes its data directory; from the end of the run and from the shutdown
   * hook, one after the other (the second finds nothing left).
   */
  private static void stopAndDelete(LocalStack stack, Path dataDir) {
    synchronized (STOP) {
      stack.close();
      if (Files.exists(dataDir)) {
        deleteRecursively(dataDir);
      }
    }
  }

  /**
   * What the benchmark adds to reminder-service's context, in this JVM only: the switchable no-op
   * SMS channel, and fixed buckets for the timer of payment batches.
   */
  static List<ApplicationContextInitializer<ConfigurableApplicationContext>> reminderHooks(NoOpChannel noOp) {
    return List.of(noOp, PaymentBatches::addBuckets);
  }

  /**
   * Runs every phase against a stack started with {@link #reminderHooks} (the same {@code noOp});
   * the stack's demo shop receives the orders.
   */
  static BenchmarkReport run(LocalStack stack, NoOpChannel noOp, BenchmarkSizes sizes) {
    for (int round = 1; round <= sizes.warmupRounds(); round++) {
      System.out.printf(
          "warm-up round %d of at most %d (not measured): every phase and limit, the Quartz baseline with at most %,d jobs…%n",
          round, sizes.warmupRounds(), WARMUP_BASELINE_JOBS);
      PhaseClock warmup = PhaseClock.start();
      round(stack, noOp, sizes, Math.min(sizes.baselineJobs(), WARMUP_BASELINE_JOBS), 0, null, null);
      double jit = warmup.jitShare();
      System.out.printf(Locale.ROOT, "warm-up round %d: the JIT compilers took %.0f%% of its wall time%n", round, 100 * jit);
      if (jit < JIT_QUIET) {
        break;
      }
    }
    CpuProfile cpu = CpuProfile.start(stack.postgresJdbcUrl());
    StatementProfile statements = StatementProfile.startIfRequested(stack.postgresJdbcUrl());
    Round measured = round(stack, noOp, sizes, sizes.baselineJobs(), sizes.limitSeconds(), cpu, statements);
    Duration fill = Duration.ZERO;
    DispatchLoad dispatch = measured.dispatch();
    if (sizes.pending() > 0) {
      awaitDeliveryReports(stack, cpu);
      System.out.printf("dispatch: adding %,d pending touches…%n", sizes.pending());
      fill = dispatch.fillPending(sizes.pending());
      cpu.endPhase("pending fill (SQL)");
    }
    awaitDeliveryReports(stack, cpu);
    System.out.printf("dispatch: %,d more falling due among them…%n", sizes.burst());
    DispatchLoad.BurstResult burstWithPending = dispatch.burst(sizes.burst());
    cpu.endPhase("dispatch burst among the pending");
    long lateSends = dispatch.lateSends();
    if (statements != null) {
      statements.print(System.out);
    }
    Runtime runtime = Runtime.getRuntime();
    return new BenchmarkReport(
        sizes,
        measured.ingest(),
        measured.cancel(),
        measured.burst(),
        fill,
        burstWithPending,
        lateSends,
        measured.baseline(),
        measured.limits(),
        runtime.totalMemory() - runtime.freeMemory(),
        runtime.maxMemory(),
        residentSetBytes(),
        cpu);
  }

  /**
   * The limits measured in the same run, beside the figures they bound; {@code engine}, the burst
   * through the engine alone with a no-op channel, is a figure of its own too, and so is {@code
   * engineSteady}: the engine alone with touches falling due at a steady rate. {@code plainQuartz}:
   * a plain standalone Quartz program's scheduling and deleting, beside the best-configured
   * baseline's (null in the warm-up round).
   */
  public record Limits(
      Throughput rawProducer, Throughput rawInsert, String rawInsertTables, Throughput rawSdk, DispatchLoad.BurstResult engine,
      DispatchLoad.BurstResult engineSteady, QuartzBaseline.Scheduling plainQuartz) {}

  private record Round(
      StackLoad.IngestResult ingest,
      StackLoad.CancelResult cancel,
      DispatchLoad dispatch,
      DispatchLoad.BurstResult burst,
      QuartzBaseline.Result baseline,
      Limits limits) {}

  /**
   * Every phase before the pending fill, each followed by its limit: ingest (then the raw producer
   * and the raw insert of its rows), cancel, a burst (then raw SDK sends and a burst through the
   * engine alone, its channel switched to no-op, then touches falling due at a steady rate through
   * it), and the Quartz baseline
   * on a database of its own — before the fill, so that no million-row table shares its server's
   * cache and vacuum. A warm-up round runs the same unmeasured ({@code cpu} null), so that the
   * measured round, Quartz's and the limits' included, runs compiled code.
   */
  private static Round round(
      LocalStack stack, NoOpChannel noOp, BenchmarkSizes sizes, int baselineJobs, int limitSeconds, CpuProfile cpu, StatementProfile statements) {
    Duration limitAtLeast = Duration.ofSeconds(limitSeconds);
    awaitDeliveryReports(stack, cpu);
    StackLoad load = new StackLoad(stack, sizes);
    RawInsertLimit insertLimit = RawInsertLimit.start(stack.postgresJdbcUrl());
    System.out.printf("ingest: posting %,d orders…%n", sizes.orders());
    StackLoad.IngestResult ingest = load.ingest();
    endPhase(cpu, statements, "ingest, first POST until every order planned");
    insertLimit.capture();
    System.out.printf("limit: the same %,d orders through a raw transactional producer (for at least %d s)…%n", sizes.orders(), limitSeconds);
    Throughput rawProducer = RawProducerLimit.measure(stack.kafkaBootstrapServers(), load.orderCreatedBodies(), sizes.clients(), limitAtLeast);
    endPhase(cpu, statements, "limit: raw producer");
    System.out.printf("limit: the same %,d rows COPYed into empty tables (%s; for at least %d s)…%n", insertLimit.rows(), insertLimit.describe(), limitSeconds);
    Throughput rawInsert = insertLimit.measure(ingest.ordersPlanned(), (int) ingest.batches().count(), sizes.clients(), limitAtLeast);
    endPhase(cpu, statements, "limit: raw insert");
    System.out.printf("cancel: paying %,d of them in %d rounds of %,d…%n", sizes.cancelSample() * sizes.cancelRounds(), sizes.cancelRounds(), sizes.cancelSample());
    StackLoad.CancelResult cancel = load.cancel();
    endPhase(cpu, statements, "cancel");
    DispatchLoad dispatch = new DispatchLoad(stack, load.orderPrefix());
    awaitDeliveryReports(stack, cpu);
    System.out.printf("dispatch: %,d touches falling due at once…%n", sizes.burst());
    DispatchLoad.BurstResult burst = dispatch.burst(sizes.burst());
    endPhase(cpu, statements, "dispatch burst");
    awaitDeliveryReports(stack, cpu);
    System.out.printf("limit: %,d SMS through twilio-java alone (for at least %d s)…%n", sizes.burst(), limitSeconds);
    Throughput rawSdk = RawSdkLimit.measure(stack.twilio(), sizes.burst(), limitAtLeast);
    endPhase(cpu, statements, "limit: raw SDK sends");
    awaitDeliveryReports(stack, cpu);
    System.out.printf("limit: %,d touches falling due at once through the engine alone (no-op channel)…%n", sizes.engineBurst());
    DispatchLoad.BurstResult engine = noOp.noOpDuring(() -> dispatch.burst(sizes.engineBurst()));
    endPhase(cpu, statements, "limit: engine alone, no-op channel");
    System.out.printf("engine alone (no-op channel): %,d touches/s falling due for %d s…%n", sizes.engineRate(), sizes.engineSeconds());
    DispatchLoad.BurstResult engineSteady = noOp.noOpDuring(() -> dispatch.steady(sizes.engineRate(), sizes.engineSeconds()));
    endPhase(cpu, statements, "engine alone at a steady rate, no-op channel");
    System.out.printf("baseline: %,d Quartz jobs…%n", baselineJobs);
    QuartzBaseline.Result baseline = QuartzBaseline.run(stack, baselineJobs, sizes.clients());
    endPhase(cpu, statements, "Quartz baseline (schedule, delete, fire)");
    QuartzBaseline.Scheduling plainQuartz = null;
    if (cpu != null) {
      System.out.printf("baseline: the same %,d jobs scheduled and deleted by a plain standalone Quartz program in a JVM of its own…%n", baselineJobs);
      plainQuartz = PlainQuartzProgram.runInOwnJvm(stack.postgresJdbcUrl(), baselineJobs, sizes.clients());
      endPhase(cpu, statements, "plain Quartz program (its own JVM)");
    }
    return new Round(
        ingest, cancel, dispatch, burst, baseline, new Limits(rawProducer, rawInsert, insertLimit.describe(), rawSdk, engine, engineSteady, plainQuartz));
  }

  /**
   * The stub posts three delivery reports per SMS from a few threads, a couple of seconds after
   * the send, so a burst's reports go on after it: a phase starts once the last phase's reports
   * have all reached reminder-service, not measured amid them (at most {@link #DELIVERY_WAIT},
   * said when not all came); the wait's CPU is left out of the profile.
   */
  private static void awaitDeliveryReports(LocalStack stack, CpuProfile cpu) {
    int pending = stack.twilio().pendingDeliveries();
    if (pending > 0) {
      System.out.printf("waiting for the delivery reports of %,d SMS…%n", pending);
      long deadline = System.nanoTime() + DELIVERY_WAIT.toNanos();
      while (stack.twilio().pendingDeliveries() > 0 && System.nanoTime() < deadline) {
        StackLoad.pause(100);
      }
      int left = stack.twilio().pendingDeliveries();
      if (left > 0) {
        System.out.printf("warning: the reports of %,d SMS still pending after %d minutes; the next phase runs amid them%n", left, DELIVERY_WAIT.toMinutes());
      }
    }
    if (cpu != null) {
      cpu.restart();
    }
  }

  private static void endPhase(CpuProfile cpu, StatementProfile statements, String phase) {
    if (statements != null) {
      statements.endPhase(phase);
    }
    if (cpu != null) {
      cpu.endPhase(phase);
    }
  }

  /** Adds {@code name=value;…} to the embedded PostgreSQL's settings; call before the stack starts. */
  static void addServerSettings(String settings) {
    String before = System.getProperty(EmbeddedPostgresServer.SERVER_CONFIG_PROPERTY, "");
    System.setProperty(EmbeddedPostgresServer.SERVER_CONFIG_PROPERTY, (before.isBlank() ? "" : before + ";") + settings);
  }

  /** This process's resident set (the whole stack but PostgreSQL), from /proc; -1 elsewhere. */
  static long residentSetBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: reported as unknown
    }
    return -1;
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(Benchmark::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
