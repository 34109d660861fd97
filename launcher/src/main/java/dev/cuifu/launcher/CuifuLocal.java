package dev.cuifu.launcher;

import dev.cuifu.launcher.log.Writer;
import dev.cuifu.launcher.orderimport.OrderImport;
import dev.cuifu.reminder.backtest.BacktestCommand;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code java -jar launcher/target/cuifu-local.jar}: the whole system on embedded defaults, a demo
 * shop, and a curl command to paste; with {@code --demo}, also an experiment fed by simulated
 * buyers ({@link DemoMode}). Ctrl-C stops everything, in order, with a line per component; a second
 * Ctrl-C while it stops ends the JVM at once. {@code java -jar cuifu-local.jar backtest …} runs a
 * backtest of past orders instead ({@link BacktestCommand}, docs/backtest.md) and {@code import …} posts an
 * order export to a running order-ingest ({@link OrderImport}, docs/import.md); neither starts anything.
 */
public final class CuifuLocal {

  /** Stops once the banner is printed: the training start that records the {@link ClassDataArchive}. */
  static final String EXIT_WHEN_STARTED = "cuifu.local.exit-when-started";

  /** Set by the first SIGINT or SIGTERM. */
  private static final AtomicBoolean STOPPING = new AtomicBoolean();

  private static final long NO_SIGNAL = Long.MIN_VALUE;

  /** When the first SIGINT or SIGTERM came ({@link System#nanoTime}), or {@link #NO_SIGNAL}. */
  private static final AtomicLong FIRST_SIGNAL = new AtomicLong(NO_SIGNAL);

  /** How soon after the first signal another is the same one delivered twice. */
  private static final Duration SAME_SIGNAL = Duration.ofSeconds(1);

  private CuifuLocal() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("backtest")) {
      System.exit(BacktestCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
    }
    if (args.length > 0 && args[0].equals("import")) {
      OrderImport.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("class-data-archive")) {
      System.exit(makeClassDataArchive());
    }
    Optional<Integer> archived = ArchivedJvm.run(args);
    if (archived.isPresent()) {
      System.exit(archived.get());
    }
    LauncherSettings settings = LauncherSettings.fromSystemProperties();
    DemoSettings demoSettings;
    try {
      demoSettings = DemoSettings.fromSystemPropertiesAnd(args);
    } catch (IllegalArgumentException e) {
      System.out.println("Cuifu could not start: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (demoSettings.enabled()) {
      quietPerOrderLogs();
    }
    // the apps stop from this launcher's hook, in order (the simulator's open orders ended first,
    // the apps before the broker and PostgreSQL), instead of from Spring's own hooks at the same
    // moment: PostgreSQL gone under a running Quartz kept the JVM from ever exiting
    System.setProperty("spring.main.register-shutdown-hook", "false");
    long started = System.nanoTime();
    LocalStack stack = LocalStack.create(settings);
    AtomicReference<DemoMode> demo = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    // registered before anything starts: a Ctrl-C during start-up stops what has started, in order
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  long stopping = System.nanoTime();
                  try {
                    DemoMode running = demo.getAndSet(null);
                    if (running != null) {
                      running.close();
                    }
                  } finally {
                    stack.close();
                    System.out.println(
                        String.format(Locale.ROOT, "Cuifu stopped in %.1f s", (System.nanoTime() - stopping) / 1e9));
                    stopped.countDown();
                  }
                },
                "cuifu-local-stop"));
    forceExitOnSecondSignal("INT", 130);
    forceExitOnSecondSignal("TERM", 143);
    ArchivedJvm.stopWithParent(
        () -> {
          if (!STOPPING.getAndSet(true)) {
            System.out.println("stopping: the launcher's parent JVM is gone");
            System.exit(143);
          }
        });
    try {
      Writer.as(
          Writer.LAUNCHER,
          () -> {
            stack.start();
            return null;
          });
      if (demoSettings.enabled()) {
        demo.set(startDemo(stack, demoSettings));
      }
    } catch (LocalStack.StartAborted e) {
      stopped.await(); // the stop hook, under way, stops what had started; the JVM then exits
      return;
    } catch (LaunchFailure | LocalStack.ComponentFailed e) {
      // a component's failure is logged above with its stack trace; here the line that names it
      System.out.println("Cuifu could not start: " + e.getMessage());
      System.out.flush();
      Runtime.getRuntime().halt(1); // what had started is stopped: the stop hook has nothing to say
    } catch (RuntimeException e) {
      if (STOPPING.get()) {
        stopped.await(); // a failure caused by the stop (a component stopped under a start)
        return;
      }
      throw e;
    }
    System.out.println(banner(stack, (System.nanoTime() - started) / 1_000_000_000.0));
    if (demo.get() != null) {
      System.out.println(demo.get().banner(stack));
    }
    if (Boolean.getBoolean(EXIT_WHEN_STARTED)) {
      System.exit(0);
    }
    stopped.await();
  }

  /**
   * The first SIGINT (Ctrl-C) or SIGTERM stops in order, through the shutdown hook, as the JVM's
   * own handler would; the next one, while that stop runs, halts the JVM at once. Without this the
   * JVM's handler starts the (already running) shutdown again and waits for it, so a second Ctrl-C
   * did nothing. {@code Runtime.halt} skips the hooks, which are what is being cut short.
   *
   * <p>A signal within {@link #SAME_SIGNAL} of the first is that one delivered twice, not a second:
   * a SIGTERM to the whole process group (systemd's stop, {@code kill -- -PGID}) reaches the
   * launcher both directly and through the parent JVM that passes it on ({@link ArchivedJvm}), and
   * halting on it left PostgreSQL running.
   */
  private static void forceExitOnSecondSignal(String name, int status) {
    Runnable onSignal =
        () -> {
          long now = System.nanoTime();
          long first = FIRST_SIGNAL.compareAndExchange(NO_SIGNAL, now);
          if (first != NO_SIGNAL && now - first < SAME_SIGNAL.toNanos()) {
            return;
          }
          if (STOPPING.getAndSet(true)) {
            // straight to the file descriptor: System.out's lock may be held by a blocked writer
            try {
              new FileOutputStream(FileDescriptor.out).write(
                  ("second SIG" + name + " while stopping: exiting at once\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
              // exit all the same
            }
            Runtime.getRuntime().halt(status);
          }
          System.out.println("stopping (SIG" + name + " again to exit at once)");
          System.exit(status);
        };
    if (!Signals.handle(name, onSignal)) {
      System.out.println("launcher: a second " + name + " cannot end a stop early here");
    }
  }

  /** {@code java -jar cuifu-local.jar class-data-archive}: what the build runs ({@link ClassDataArchive}). */
  private static int makeClassDataArchive() {
    Optional<Path> fatJar = ClassDataArchive.runningFatJar();
    if (fatJar.isEmpty()) {
      System.out.println("class-data-archive: run it as java -jar cuifu-local.jar class-data-archive");
      return 2;
    }
    try {
      return ClassDataArchive.beside(fatJar.get()).create();
    } catch (IOException | InterruptedException e) {
      System.out.println("class-data-archive: " + e);
      return 1;
    }
  }

  /**
   * Simulated buyers make several log lines a second (accepted, planned, sent, each SMS at the stub)
   * that would bury the demo's progress lines; warnings still show. Settings given on the command
   * line ({@code -Dlogging.level.dev.cuifu=INFO}) win.
   */
  private static void quietPerOrderLogs() {
    for (String logger : new String[] {"dev.cuifu.ingest", "dev.cuifu.reminder", "dev.cuifu.testing", "dev.cuifu.launcher.LocalStack"}) {
      String key = "logging.level." + logger;
      if (System.getProperty(key) == null && System.getProperty("logging.level.dev.cuifu") == null) {
        System.setProperty(key, "WARN");
      }
    }
  }

  private static DemoMode startDemo(LocalStack stack, DemoSettings settings) {
    System.out.println("demo mode: setting up its shop '" + LocalStack.DEMO_SIM_SHOP + "' and its experiment (a running one is resumed)");
    try {
      return Writer.as("demo", () -> DemoMode.start(stack, settings));
    } catch (RuntimeException e) {
      if (!STOPPING.get()) {
        stack.close();
      }
      throw e;
    }
  }

  static String banner(LocalStack stack, double seconds) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String key = stack.demoApiKey();
    return """

        ============================================================================
         Cuifu is running (started in %.1f s). Data: %s
           order-ingest      %s   (OpenAPI: /swagger-ui.html)
           reminder-service  %s   (health: /actuator/health)
           Twilio stub       %s/_stub/messages
           chat webhook stub %s   (deliveries are logged)
           Kafka             %s
           PostgreSQL        %s (user postgres)
         Demo shop '%s': SMS %s after an unpaid order, a phone task at the same time
         for orders of 500.00 or more, a chat message twice as late.
           API key:          %s
           operator token:   %s   (also the Bearer token of /actuator/prometheus)
         Phone agents' page: %s
           sign in as %s, password %s (role SHOP_ADMIN)

         Post an unpaid order; watch the SMS, the phone task and the chat arrive:

        curl -i -X POST %s/api/v1/events \\
          -H 'X-Api-Key: %s' -H 'Content-Type: application/json' \\
          -d '{"type":"OrderCreated","eventId":"evt-1001","orderId":"A1001","occurredAt":"%s","buyerId":"buyer-1","buyerPhone":"+8613800138000","chatHandle":"wangwang:tb_buyer_1","buyerTimeZone":"Asia/Shanghai","amount":{"minor":88800,"currency":"CNY"},"itemSummary":"羊绒大衣"}'

        curl -s %s/api/v1/orders/A1001/timeline -H 'X-Api-Key: %s'
        curl -s %s/api/v1/phone-tasks -H 'X-Api-Key: %s'

         Pay it, and whatever has not gone out is cancelled (pay at once: nothing is sent):

        curl -i -X POST %s/api/v1/events \\
          -H 'X-Api-Key: %s' -H 'Content-Type: application/json' \\
          -d '{"type":"OrderPaid","eventId":"evt-1001-paid","orderId":"A1001","occurredAt":"%s","amount":{"minor":88800,"currency":"CNY"},"paidAt":"%s"}'
        ============================================================================
        """
        .formatted(
            seconds,
            stack.settings().dataDir(),
            stack.ingestUrl(),
            stack.reminderUrl(),
            stack.twilio().baseUrl(),
            stack.chat().url(),
            stack.kafkaBootstrapServers(),
            stack.postgresJdbcUrl(),
            LocalStack.DEMO_SHOP,
            stack.settings().demoSmsDelay(),
            key,
            stack.operatorToken(),
            stack.agentPageUrl(),
            LocalStack.DEMO_AGENT,
            stack.demoAgentPassword(),
            stack.ingestUrl(),
            key,
            now,
            stack.reminderUrl(),
            key,
            stack.reminderUrl(),
            key,
            stack.ingestUrl(),
            key,
            now,
            now);
  }
}
