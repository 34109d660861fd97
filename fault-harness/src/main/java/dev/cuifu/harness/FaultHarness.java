package dev.cuifu.harness;

import dev.cuifu.testing.LoopbackHttpServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * The fault harness: PostgreSQL, a KRaft broker and the Twilio stub as three processes,
 * order-ingest and two reminder-service instances as separate JVMs from their own jars; a load
 * whose outcome is known order by order; faults while it runs (kill -9 and graceful restarts of
 * the services, the broker and PostgreSQL stopped and started, a slow and a failing provider);
 * the counts compared with the truth at the end. Exit code 1 when a must-be-0 count is not 0.
 *
 * <pre>java -jar fault-harness/target/fault-harness.jar [--orders 300] [--kills 3] [--ingest-kills 1]
 *     [--restarts 1] [--broker-restarts 1] [--postgres-restarts 1] [--provider-faults 1] [--burst 200]
 *     [--fuzz-requests 1000] [--abuse true]
 *     [--rate 5] [--paid-share 0.4] [--opt-out-share 0.05] [--sms-delay PT20S] [--paid-bound PT2S] [--seed 1]
 *     [--root .] [--work-dir DIR]</pre>
 */
public final class FaultHarness {

  /** reminder-service's dispatch parallelism here: deliveries one instance has under way at most. */
  static final int DISPATCH_PARALLELISM = 4;

  /** The run's settings; every one has a command-line option of the same name. */
  public record Options(
      int orders,
      int kills,
      int ingestKills,
      int restarts,
      int brokerRestarts,
      int postgresRestarts,
      int providerFaults,
      int burst,
      int fuzzRequests,
      boolean abuse,
      double rate,
      double paidShare,
      double optOutShare,
      Duration smsDelay,
      Duration paidBound,
      long seed,
      Path root,
      Path workDir,
      Duration settleTimeout,
      List<String> reminderArgs) {

    /** {@code --name value} pairs; {@code --reminder-arg key=value} may repeat (a reminder-service property). */
    public static Options parse(String... args) {
      java.util.Map<String, String> values = new java.util.HashMap<>();
      List<String> reminderArgs = new ArrayList<>();
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 == args.length || !args[i].startsWith("--")) {
          throw new IllegalArgumentException("expected --option value, got " + args[i]);
        }
        if (args[i].equals("--reminder-arg")) {
          reminderArgs.add(args[i + 1]);
        } else if (values.put(args[i].substring(2), args[i + 1]) != null) {
          throw new IllegalArgumentException(args[i] + " given twice");
        }
      }
      int orders = number(values, "orders", "300");
      Options o =
          new Options(
              orders,
              number(values, "kills", "3"),
              number(values, "ingest-kills", "1"),
              number(values, "restarts", "1"),
              number(values, "broker-restarts", "1"),
              number(values, "postgres-restarts", "1"),
              number(values, "provider-faults", "1"),
              number(values, "burst", Integer.toString(Math.min(200, orders))),
              number(values, "fuzz-requests", "1000"),
              bool(values, "abuse", "true"),
              share(values, "rate", "5", Double.MAX_VALUE),
              share(values, "paid-share", "0.4", 1),
              share(values, "opt-out-share", "0.05", 1),
              duration(values, "sms-delay", "PT20S"),
              duration(values, "paid-bound", "PT15S"),
              values.containsKey("seed") ? Long.parseLong(values.get("seed")) : System.currentTimeMillis(),
              Path.of(values.getOrDefault("root", ".")),
              values.containsKey("work-dir") ? Path.of(values.get("work-dir")) : null,
              duration(values, "settle-timeout", "PT4M"),
              List.copyOf(reminderArgs));
      values.keySet().removeAll(java.util.Set.of("orders", "kills", "ingest-kills", "restarts", "broker-restarts",
          "postgres-restarts", "provider-faults", "burst", "fuzz-requests", "abuse", "rate", "paid-share", "opt-out-share", "sms-delay",
          "paid-bound", "seed", "root", "work-dir", "settle-timeout"));
      if (!values.isEmpty()) {
        throw new IllegalArgumentException("unknown options " + values.keySet());
      }
      if (o.orders() < 1 || o.burst() > o.orders()) {
        throw new IllegalArgumentException("--orders must be at least 1 and --burst at most --orders");
      }
      return o;
    }

    private static int number(java.util.Map<String, String> values, String name, String fallback) {
      String value = values.getOrDefault(name, fallback);
      try {
        int number = Integer.parseInt(value);
        if (number < 0) {
          throw new IllegalArgumentException("--" + name + " must not be negative, got " + value);
        }
        return number;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + value + "'");
      }
    }

    private static double share(java.util.Map<String, String> values, String name, String fallback, double max) {
      String value = values.getOrDefault(name, fallback);
      try {
        double number = Double.parseDouble(value);
        if (!(number >= 0 && number <= max)) {
          throw new IllegalArgumentException("--" + name + " must be between 0 and " + (max == 1 ? "1" : "any rate") + ", got " + value);
        }
        return number;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be a number, got '" + value + "'");
      }
    }

    private static boolean bool(java.util.Map<String, String> values, String name, String fallback) {
      String value = values.getOrDefault(name, fallback);
      if (!value.equals("true") && !value.equals("false")) {
        throw new IllegalArgumentException("--" + name + " must be true or false, got '" + value + "'");
      }
      return Boolean.parseBoolean(value);
    }

    private static Duration duration(java.util.Map<String, String> values, String name, String fallback) {
      String value = values.getOrDefault(name, fallback);
      try {
        return Duration.parse(value);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("--" + name + " must be an ISO-8601 duration such as PT20S, got '" + value + "'");
      }
    }
  }

  /** What a run found: the counts, the faults with their recovery times, the abuse runs' results. */
  public record Result(Counts counts, List<Faults.Fault> faults, AbuseRuns.Results abuse) {
    /** Every must-be-0 count is 0, the system recovered from every fault and every abuse run passed. */
    public boolean passed() {
      return counts.passed() && faults.stream().allMatch(f -> f.recovery() != null) && abuse.passed();
    }
  }

  private FaultHarness() {}

  public static void main(String[] args) throws Exception {
    switch (args.length > 0 ? args[0] : "") {
      case "--postgres" -> Infrastructure.runPostgres(Path.of(args[1]), Integer.parseInt(args[2]));
      case "--broker" -> Infrastructure.runBroker(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      case "--stubs" -> Infrastructure.runStubs(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      default -> {
        // the Kafka clients' warnings while the harness stops the broker are the fault, not news
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        Options options;
        try {
          if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("usage: java -jar fault-harness.jar [--option value]…; the options are in docs/reliability.md");
            return;
          }
          options = Options.parse(args);
          if (options.workDir() != null) {
            requireEmpty(options.workDir());
          }
        } catch (IllegalArgumentException e) {
          System.err.println("fault harness: " + e.getMessage() + " (the options are in docs/reliability.md)");
          System.exit(2);
          return;
        }
        Result result = run(options);
        System.exit(result.passed() ? 0 : 1);
      }
    }
  }

  /** A work directory is used once: its database and broker must start afresh. */
  private static void requireEmpty(Path workDir) {
    try (var entries = Files.exists(workDir) ? Files.list(workDir) : java.util.stream.Stream.<Path>empty()) {
      if (entries.findAny().isPresent()) {
        throw new IllegalArgumentException("--work-dir " + workDir + " is not empty: each run needs a new one");
      }
    } catch (IOException e) {
      throw Launch.unchecked(e);
    }
  }

  /** The infrastructure's processes: PostgreSQL, the broker, the stubs. */
  private record Infra(InfraProcess postgres, InfraProcess broker, InfraProcess stubs, String jdbc, String kafka, String twilio, String chat) {

    static Infra start(Path workDir) {
      int postgresPort = LoopbackHttpServer.freePort();
      int brokerPort = LoopbackHttpServer.freePort();
      int controllerPort = LoopbackHttpServer.freePort();
      int stubPort = LoopbackHttpServer.freePort();
      int chatPort = LoopbackHttpServer.freePort();
      InfraProcess postgres = new InfraProcess("postgres", workDir, "--postgres", workDir.toString(), Integer.toString(postgresPort));
      InfraProcess broker =
          new InfraProcess("broker", workDir, "--broker", workDir.toString(), Integer.toString(brokerPort), Integer.toString(controllerPort));
      InfraProcess stubs =
          new InfraProcess("stubs", workDir, "--stubs", workDir.toString(), Integer.toString(stubPort), Integer.toString(chatPort));
      Duration timeout = Duration.ofMinutes(3);
      String[] stubUrls = stubs.start(timeout).split(" ");
      return new Infra(postgres, broker, stubs, postgres.start(timeout), broker.start(timeout), stubUrls[0], stubUrls[1]);
    }

    List<InfraProcess> processes() {
      return List.of(stubs, broker, postgres);
    }
  }

  public static Result run(Options options) throws Exception {
    Path workDir = options.workDir() != null ? options.workDir() : Files.createTempDirectory("cuifu-fault-harness");
    Files.createDirectories(workDir);
    requireEmpty(workDir);
    Path ingestJar = jar(options.root(), "order-ingest");
    Path reminderJar = jar(options.root(), "reminder-service");
    System.out.printf("fault harness: %d orders at %.1f/s, %.0f%% paid, seed %d; logs in %s%n",
        options.orders(), options.rate(), options.paidShare() * 100, options.seed(), workDir);
    Random random = new Random(options.seed());
    List<InfraProcess> infra = new ArrayList<>();
    List<ServiceProcess> services = new ArrayList<>();
    List<AutoCloseable> closeables = new ArrayList<>();
    Thread cleanup = new Thread(() -> stopAll(infra, services));
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      Instant booting = Instant.now();
      Infra addresses = Infra.start(workDir);
      infra.addAll(addresses.processes());
      String operatorToken = "op_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));

      ServiceProcess ingest =
          new ServiceProcess("order-ingest", ingestJar, LoopbackHttpServer.freePort(),
              withCommon(addresses, "ingest", operatorToken, List.of("cuifu.ingest.operator-token=" + operatorToken)), workDir);
      List<ServiceProcess> reminders = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        int port = LoopbackHttpServer.freePort();
        List<String> own = new ArrayList<>(List.of(
            "cuifu.sms.twilio.account-sid=" + Infrastructure.ACCOUNT_SID,
            "cuifu.sms.twilio.auth-token=" + Infrastructure.AUTH_TOKEN,
            "cuifu.sms.twilio.api-base-url=" + addresses.twilio(),
            "cuifu.sms.twilio.status-callback-url=http://127.0.0.1:" + port + "/twilio/status",
            // a slow provider's 4 s answers time out; the call ends well inside the lease margin
            "cuifu.sms.twilio.read-timeout=PT3S",
            // a dead instance's claims and a refused send come back within the run, not minutes later
            "cuifu.reminder.dispatch.lease=PT30S",
            "cuifu.reminder.dispatch.lease-margin=PT8S",
            "cuifu.reminder.dispatch.recovery-interval=PT5S",
            "cuifu.reminder.dispatch.retry-delay=PT5S",
            // four slow sends side by side: a batch of the burst's SMS takes longer than the lease
            "cuifu.reminder.dispatch.parallelism=" + DISPATCH_PARALLELISM,
            "cuifu.reminder.policy.min-sms-delay=PT1S",
            // the chat stub listens on loopback
            "cuifu.outbound.allowed-hosts=127.0.0.1",
            // the SMS and chat tiers fall due within the run (each shop's policy), the phone tier not
            "cuifu.reminder.policy.phone-delay=PT24H",
            "cuifu.reminder.policy.quiet-hours-start=00:00",
            "cuifu.reminder.policy.quiet-hours-end=00:00"));
        own.addAll(options.reminderArgs());
        reminders.add(
            new ServiceProcess("reminder-service-" + i, reminderJar, port,
                withCommon(addresses, "reminder", operatorToken, own),
                workDir));
      }
      services.add(ingest);
      services.addAll(reminders);
      ingest.start();
      reminders.get(0).start();
      ingest.awaitReady(Duration.ofMinutes(4));
      reminders.get(0).awaitReady(Duration.ofMinutes(4));
      reminders.get(1).start(); // after the first: its Flyway migration is done
      reminders.get(1).awaitReady(Duration.ofMinutes(4));
      System.out.printf("infrastructure and services ready after %d s%n", Duration.between(booting, Instant.now()).toSeconds());

      List<Load.Shop> shops = new ArrayList<>();
      for (String shopId : List.of("harness-tea", "harness-silk")) {
        shops.add(createShop(ingest.url(), operatorToken, shopId, options.smsDelay()));
      }
      for (Load.Shop shop : shops) {
        awaitShopKnown(reminders.get(0).url(), shop);
        ShopPolicies.chatWithSms(reminders.get(0).url(), shop, options.smsDelay(), addresses.chat() + "/im");
      }

      Load load = new Load(ingest.url(), reminders.stream().map(ServiceProcess::url).toList(), shops, options, new Random(random.nextLong()));
      OrderConsumers consumers = new OrderConsumers(addresses.kafka());
      closeables.add(consumers);
      Path messages = workDir.resolve(Infrastructure.MESSAGES);
      Faults faults =
          new Faults(
              new Faults.Processes(reminders, ingest, addresses.broker(), addresses.postgres(), addresses.stubs(), consumers, messages),
              options, new Random(random.nextLong()));
      List<Faults.Kind> planned = faults.plan();
      System.out.printf("faults planned: %s%n", planned.stream().map(k -> k.label).toList());
      Duration loadTime = Duration.ofMillis((long) ((options.orders() - options.burst()) / options.rate() * 1000));
      Instant loadStart = Instant.now();
      CompletableFuture<Void> faulting = CompletableFuture.runAsync(() -> faults.run(planned, loadTime.plus(options.smsDelay()), loadStart.plus(options.smsDelay())));
      List<OrderTruth> truth = load.run();
      faulting.get();
      System.out.printf("load and faults done in %d s (%d events refused); settling%n", Duration.between(loadStart, Instant.now()).toSeconds(), load.rejected());

      settle(truth, addresses.jdbc(), messages, options.settleTimeout());
      Counts counts = Counts.of(truth, addresses.jdbc(), messages, workDir.resolve(Infrastructure.CHAT_DELIVERIES), options.paidBound(),
              DISPATCH_PARALLELISM * (int) faults.done().stream().filter(f -> f.kind().killsReminderService()).count());
      Report.print(counts, faults.done(), options, System.out);
      Target target = new Target(ingest.url(), reminders.get(0).url(), operatorToken, addresses.kafka(), workDir);
      AbuseRuns.Results abuse = AbuseRuns.run(target, options, random.nextLong(), truth);
      abuse.print(System.out);
      Result result = new Result(counts, faults.done(), abuse);
      System.out.println(result.passed() ? "PASSED: every must-be-0 count is 0, every fault recovered from, every abuse run passed"
          : "FAILED: see above");
      return result;
    } finally {
      for (AutoCloseable closeable : closeables) {
        closeable.close();
      }
      stopAll(infra, services);
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
  }

  /**
   * Waits until every SMS has fallen due, every accepted order is recorded, no SMS touch is
   * PLANNED or SENDING and the stub has received nothing for a few seconds, or the timeout.
   */
  private static void settle(List<OrderTruth> truth, String jdbc, Path messages, Duration timeout) {
    Instant lastDue = truth.stream().map(o -> o.due).max(Instant::compareTo).orElse(Instant.now());
    Launch.sleep(Duration.between(Instant.now(), lastDue.plusSeconds(5)));
    long accepted = truth.stream().filter(OrderTruth::accepted).count();
    long deadline = System.nanoTime() + timeout.toNanos();
    int stable = 0;
    int lastCount = -1;
    while (System.nanoTime() < deadline) {
      int count = Counts.readLines(messages).size();
      boolean quiet = Counts.recorded(jdbc) >= accepted && Counts.unsettled(jdbc) == 0 && count == lastCount;
      stable = quiet ? stable + 1 : 0;
      lastCount = count;
      if (stable >= 3) {
        return;
      }
      Launch.sleep(Duration.ofSeconds(2));
    }
    System.out.println("settle timeout (" + timeout + "): counting what there is");
  }

  /** The settings every service takes (its own schema), then its own ones, key=value. */
  private static List<String> withCommon(Infra addresses, String schema, String operatorToken, List<String> own) {
    List<String> arguments = new ArrayList<>();
    String jdbc = addresses.jdbc();
    arguments.add("spring.datasource.url=" + jdbc + (jdbc.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    arguments.add("spring.datasource.username=postgres");
    arguments.add("spring.datasource.password=postgres");
    arguments.add("spring.flyway.schemas=" + schema);
    arguments.add("spring.flyway.default-schema=" + schema);
    arguments.add("spring.kafka.bootstrap-servers=" + addresses.kafka());
    arguments.add("cuifu.management.token=" + operatorToken);
    arguments.addAll(own);
    return arguments;
  }

  private static Load.Shop createShop(String ingestUrl, String operatorToken, String shopId, Duration smsDelay) {
    String body =
        """
        {"shopId":"%s","name":"%s","smsDelay":"%s","smsFrom":"+14155550100","timeZone":"Asia/Shanghai"}
        """
            .formatted(shopId, shopId, smsDelay);
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      HttpResponse<String> response = Launch.post(ingestUrl + "/admin/v1/shops", "Authorization", "Bearer " + operatorToken, body);
      if (response != null && response.statusCode() == 201) {
        String key = response.body().replaceAll("(?s).*\"apiKey\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        return new Load.Shop(shopId, key);
      }
      if (System.nanoTime() > deadline || (response != null && response.statusCode() != 503)) {
        throw new IllegalStateException("cannot create shop " + shopId + ": " + (response == null ? "no answer" : response.statusCode() + " " + response.body()));
      }
      Launch.sleep(Duration.ofSeconds(1)); // a fresh broker's first transactions can time out
    }
  }

  /** reminder-service knows the shop once its record came through the shops topic. */
  private static void awaitShopKnown(String reminderUrl, Load.Shop shop) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = Launch.get(reminderUrl + "/api/v1/policy", "X-Api-Key", shop.apiKey());
      if (response != null && response.statusCode() == 200) {
        return;
      }
      Launch.sleep(Duration.ofMillis(500));
    }
    throw new IllegalStateException("reminder-service never learnt of shop " + shop.shopId());
  }

  /** {@code <module>/target/<module>-*-exec.jar} under {@code root}, or under its parent (a test's working directory). */
  private static Path jar(Path root, String module) throws IOException {
    for (Path base : List.of(root, root.toAbsolutePath().normalize().getParent())) {
      Path target = base.resolve(module).resolve("target");
      if (Files.isDirectory(target)) {
        try (var files = Files.list(target)) {
          var jar = files.filter(f -> f.getFileName().toString().matches(module + "-.*-exec\\.jar")).findFirst();
          if (jar.isPresent()) {
            return jar.get();
          }
        }
      }
    }
    throw new IllegalStateException("no " + module + " exec jar under " + root.toAbsolutePath() + ": run ./mvnw -q -DskipTests package first");
  }

  private static void stopAll(List<InfraProcess> infra, List<ServiceProcess> services) {
    services.forEach(ServiceProcess::stop);
    InfraProcess.stopAll(infra); // SIGTERM: PostgreSQL runs as its own OS process and must stop with its JVM
  }
}
