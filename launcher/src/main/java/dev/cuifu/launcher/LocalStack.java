package dev.cuifu.launcher;

import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.ingest.OrderIngestApplication;
import dev.cuifu.launcher.log.Writer;
import dev.cuifu.reminder.ReminderServiceApplication;
import dev.cuifu.testing.EmbeddedPostgresServer;
import dev.cuifu.testing.LoopbackHttpServer;
import dev.cuifu.testing.LoopbackKafka;
import dev.cuifu.testing.chat.ChatWebhookStub;
import dev.cuifu.testing.twilio.TwilioStubServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The whole system in one JVM: PostgreSQL (data kept in the data directory), a KRaft Kafka
 * broker, the Twilio stub, order-ingest and reminder-service, and a demo shop.
 */
public final class LocalStack implements AutoCloseable {

  public static final String DEMO_SHOP = "demo-shop";
  /** The demo shop's phone agent (role SHOP_ADMIN), created at start; its password is kept in the data dir. */
  public static final String DEMO_AGENT = "demo.agent";
  /**
   * Demo mode's own shop, apart from {@link #DEMO_SHOP}: the walk-through's orders never land in an
   * experiment arm, and its open orders can be closed at a start without touching the walk-through's.
   */
  public static final String DEMO_SIM_SHOP = "demo-sim";
  /** The demo-sim shop's SHOP_ADMIN, who sees its experiment on the dashboard (sign-in is per shop). */
  public static final String DEMO_SIM_AGENT = "sim.agent";
  static final String STUB_ACCOUNT_SID = "AC" + "0".repeat(32);
  /**
   * The stub's auth token, new at every start: a token in the source would let anyone who can
   * reach the machine sign Twilio webhooks (a START undoing a buyer's STOP).
   */
  private final String stubAuthToken = java.util.UUID.randomUUID().toString().replace("-", "");

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

  /** The apps' component names, which are also their log writers' ({@link Writer}). */
  private static final String ORDER_INGEST = "order-ingest";
  private static final String REMINDER_SERVICE = "reminder-service";

  private final LauncherSettings settings;
  /** A tool's own additions to reminder-service's context (the benchmark's no-op SMS channel); none for the launcher. */
  private final List<ApplicationContextInitializer<ConfigurableApplicationContext>> reminderInitializers;
  // written by the starting thread, read by the stopping one (a stop during start-up)
  private volatile EmbeddedPostgresServer postgres;
  private volatile LoopbackKafka kafka;
  private volatile TwilioStubServer twilio;
  private volatile ChatWebhookStub chat;
  private volatile DataDirLock dataDirLock;
  private volatile ConfigurableApplicationContext ingest;
  private volatile ConfigurableApplicationContext reminder;
  /** Guards {@link #stopRequested} and {@link #starting}. */
  private final Object startLock = new Object();
  private boolean stopRequested;
  /** The components whose start is under way. */
  private final Set<String> starting = new java.util.LinkedHashSet<>();
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

  private String operatorToken;
  private String demoApiKey;
  private String demoAgentPassword;

  private LocalStack(LauncherSettings settings, List<ApplicationContextInitializer<ConfigurableApplicationContext>> reminderInitializers) {
    this.settings = settings;
    this.reminderInitializers = List.copyOf(reminderInitializers);
  }

  /**
   * A stack not started yet: its owner can register {@link #close()} (a Ctrl-C) before {@link
   * #start()}, so a stop during start-up stops whatever has started.
   */
  public static LocalStack create(LauncherSettings settings) {
    return new LocalStack(settings, List.of());
  }

  /** {@link #create(LauncherSettings)} with additions to reminder-service's context, as {@link #start(LauncherSettings, List)} takes them. */
  public static LocalStack create(
      LauncherSettings settings, List<ApplicationContextInitializer<ConfigurableApplicationContext>> reminderInitializers) {
    return new LocalStack(settings, reminderInitializers);
  }

  public static LocalStack start(LauncherSettings settings) {
    return start(settings, List.of());
  }

  /**
   * A started stack whose reminder-service context gets {@code reminderInitializers} before it
   * refreshes: code a tool in this JVM adds (the benchmark's switchable no-op SMS channel), where
   * no property or endpoint could reach it.
   */
  public static LocalStack start(
      LauncherSettings settings, List<ApplicationContextInitializer<ConfigurableApplicationContext>> reminderInitializers) {
    LocalStack stack = create(settings, reminderInitializers);
    stack.start();
    return stack;
  }

  /**
   * Starts every component; a failure stops what had started. Throws {@link StartAborted} when
   * {@link #close()} was called meanwhile (that call stops what has started).
   */
  public void start() {
    try {
      startAll();
    } catch (RuntimeException e) {
      if (stopRequested() && !(e instanceof LaunchFailure)) {
        throw new StartAborted(); // what failed was cut short by the stop, which stops the rest
      }
      close();
      throw e;
    }
  }

  /** A start cut short by {@link #close()}. */
  public static final class StartAborted extends RuntimeException {
    StartAborted() {
      super("stopped during start-up", null, false, false);
    }
  }

  private boolean stopRequested() {
    synchronized (startLock) {
      return stopRequested;
    }
  }

  /** A component that did not start: {@link #component()} names it, the cause says why. */
  public static final class ComponentFailed extends RuntimeException {
    private final String component;

    ComponentFailed(String component, Throwable cause) {
      super(component + " did not start: " + reason(cause) + portHint(component, cause), cause);
      this.component = component;
    }

    /**
     * The launcher's properties for the ports a component binds itself, by component (PostgreSQL's
     * taken port is refused before it starts: {@link PostgresPort}).
     */
    private static final Map<String, String> PORT_PROPERTIES =
        Map.of(
            ORDER_INGEST, "ingest-port",
            REMINDER_SERVICE, "reminder-port",
            "Twilio stub", "twilio-stub-port",
            "chat stub", "chat-stub-port");

    /** A port taken: which setting moves it. */
    private static String portHint(String component, Throwable failure) {
      String property = PORT_PROPERTIES.get(component);
      if (property == null) {
        return "";
      }
      for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
        if (cause instanceof BindException) {
          return " (stop what uses that port, or choose another with -Dcuifu.local." + property + "=…)";
        }
      }
      return "";
    }

    public String component() {
      return component;
    }

    /** The innermost cause's message: what an operator can act on (a port taken), not the wrappers'. */
    private static String reason(Throwable failure) {
      Throwable root = failure;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return root.getMessage() == null ? root.toString() : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
  }

  /** One component's start: its name (in logs and failures) and what starts it. */
  private record Part(String component, Runnable start) {}

  /**
   * Starts {@code parts} at the same time, each on a thread of its own (unless a stop was asked
   * for), and returns once every one has finished: {@link #close()} waits for those under way.
   * When one fails, the others still finish (a Spring context cannot be cut short) and the first
   * failure in {@code parts}' order is thrown, so that {@link #start()} stops them all; that order
   * puts a cause before its consequence (order-ingest before reminder-service, which waits for it).
   */
  private void startTogether(Part... parts) {
    synchronized (startLock) {
      if (stopRequested) {
        throw new StartAborted();
      }
      for (Part part : parts) {
        starting.add(part.component());
      }
    }
    Throwable[] failures = new Throwable[parts.length];
    Thread[] threads = new Thread[parts.length];
    for (int i = 0; i < parts.length; i++) {
      int index = i;
      Part part = parts[i];
      // not daemon: the threads a component creates inherit it, as they did from the main thread
      threads[i] =
          new Thread(
              () -> {
                long started = System.nanoTime();
                try {
                  part.start().run();
                  log.info("{} started in {}", part.component(), seconds(started));
                } catch (Throwable e) {
                  failures[index] = e;
                  if (!stopRequested() && !(e instanceof AfterOrderIngest.OrderIngestDidNotStart || e.getCause() instanceof AfterOrderIngest.OrderIngestDidNotStart)) {
                    log.error("{} did not start after {}", part.component(), seconds(started), e);
                  }
                } finally {
                  synchronized (startLock) {
                    starting.remove(part.component());
                    startLock.notifyAll();
                  }
                }
              },
              "cuifu-start-" + part.component().replace(' ', '-'));
      threads[i].start();
    }
    boolean interrupted = false;
    for (Thread thread : threads) {
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true; // the component's start still finishes; what started is then stopped
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    for (int i = 0; i < parts.length; i++) {
      if (failures[i] instanceof LaunchFailure launchFailure) {
        throw launchFailure;
      }
      if (failures[i] != null) {
        throw new ComponentFailed(parts[i].component(), failures[i]);
      }
    }
  }

  private void startAll() {
    Path dataDir = settings.dataDir();
    try {
      Files.createDirectories(dataDir);
      ownerOnly(dataDir, OWNER_ONLY_DIRECTORY); // the database and the secrets live here
    } catch (IOException e) {
      throw new LaunchFailure("cannot use the data dir %s: %s".formatted(dataDir, DataDirLock.reason(e)));
    }
    synchronized (startLock) {
      if (stopRequested) {
        throw new StartAborted(); // a stop before the lock is taken would not release it
      }
      dataDirLock = DataDirLock.take(dataDir);
    }
    // a start that failed before in this JVM silenced them (see close and order-ingest's failure below)
    List.of(ORDER_INGEST, REMINDER_SERVICE).forEach(Writer::resume);
    operatorToken = readOrCreateSecret(dataDir.resolve("operator-token"), "op_");
    int postgresPort = PostgresPort.forDataDir(settings.postgresPort(), dataDir.resolve("postgres"));
    PostgresPort.refuseForeign(postgresPort, dataDir.resolve("postgres"));
    // independent of each other: at the same time (PostgreSQL's initdb and start are a process of
    // their own; the broker, the stubs and the apps' class loading share the JVM's cores)
    startTogether(
        new Part(
            "PostgreSQL",
            () -> postgres = Writer.as("postgres", () -> EmbeddedPostgresServer.startPersistent(dataDir.resolve("postgres"), postgresPort))),
        // on 127.0.0.1 only: the demo broker has no authentication
        new Part("Kafka broker", () -> kafka = Writer.as("kafka", () -> LoopbackKafka.startOnFreePorts(KafkaLogDirs.create(), true))),
        new Part("Twilio stub", this::startTwilioStub),
        new Part("chat stub", this::startChatStub));
    // Twilio's delivery reports come back to reminder-service's /twilio/status, so its port must be
    // known before it starts: with "any free port" (tests, the benchmark) one is taken now
    int reminderPort = settings.reminderPort() == 0 ? LoopbackHttpServer.freePort() : settings.reminderPort();
    // both need PostgreSQL and the broker, not each other: reminder-service builds its context
    // alongside order-ingest's and starts consuming once order-ingest (its topics) is up. It begins
    // once order-ingest's context is prepared, logging set up: Spring Boot sets up the JVM's one
    // logback context from the first app to start, and two apps doing it at once each added the
    // appenders (every line written twice)
    CompletableFuture<Void> ingestPrepared = new CompletableFuture<>();
    CompletableFuture<Void> ingestStarted = new CompletableFuture<>();
    startTogether(
        new Part(
            ORDER_INGEST,
            () -> {
              try {
                ingest =
                    Writer.as(
                        ORDER_INGEST,
                        () ->
                            OrderIngestApplication.builder()
                                .listeners(
                                    (ApplicationListener<ApplicationEvent>)
                                        event -> {
                                          if (event instanceof ApplicationPreparedEvent) {
                                            ingestPrepared.complete(null);
                                          }
                                        })
                                .run(arguments(common("ingest", settings.ingestPort()), "cuifu.ingest.operator-token=" + operatorToken)));
                ingestStarted.complete(null);
              } catch (Throwable e) {
                // reminder-service's start then fails for this reason: reported once, as order-ingest's
                Writer.abandon(REMINDER_SERVICE);
                ingestPrepared.completeExceptionally(e);
                ingestStarted.completeExceptionally(e);
                throw e;
              }
            }),
        new Part(
            REMINDER_SERVICE,
            () -> {
              try {
                ingestPrepared.join();
              } catch (java.util.concurrent.CompletionException e) {
                throw new AfterOrderIngest.OrderIngestDidNotStart(e.getCause());
              }
              reminder = Writer.as(REMINDER_SERVICE, () -> startReminder(reminderPort, ingestStarted));
            }));
    checkNotStopping();
    long demoStarted = System.nanoTime();
    demoApiKey = shopApiKey(DEMO_SHOP, "演示小店", dataDir.resolve("demo-shop-api-key"));
    pointDemoChatAtStub();
    demoAgentPassword = readOrCreateSecret(dataDir.resolve("demo-agent-password"), "agent_");
    ensureDemoAgent();
    stopDemoExperimentOnDemoShop();
    log.info("demo shop ready in {}", seconds(demoStarted));
  }

  /** The time since {@code started} (a {@link System#nanoTime()}), as a log line says it: {@code 1.2 s}. */
  private static String seconds(long started) {
    return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - started) / 1e9);
  }

  /**
   * Demo mode ran its experiment on the demo shop before it had a shop of its own: in a data dir
   * from then, the walk-through's SMS would still land in that experiment's arms.
   */
  private void stopDemoExperimentOnDemoShop() {
    HttpResponse<String> experiments = get(reminderUrl() + "/api/v1/experiments", demoApiKey);
    if (experiments.statusCode() != 200) {
      return;
    }
    for (JsonNode experiment : EventJson.mapper().readTree(experiments.body())) {
      if (DemoMode.EXPERIMENT.equals(experiment.get("name").asString()) && "RUNNING".equals(experiment.get("status").asString())) {
        send("POST", reminderUrl() + "/api/v1/experiments/" + experiment.get("id").asLong() + "/stop", demoApiKey, "");
        log.info("stopped demo mode's experiment {} on {}: demo mode now runs on {}", experiment.get("id").asLong(), DEMO_SHOP, DEMO_SIM_SHOP);
      }
    }
  }

  private void startTwilioStub() {
    TwilioStubServer started = Writer.as("twilio-stub", () -> TwilioStubServer.start(settings.twilioStubPort(), STUB_ACCOUNT_SID, stubAuthToken));
    twilio = started;
    // in the stubs' loggers: their lines (the JDK's HTTP server threads inherit no Writer)
    Logger twilioLog = LoggerFactory.getLogger(TwilioStubServer.class);
    started.onMessage(
        sms -> twilioLog.info("Twilio stub received SMS {} to {}: {}", sms.sid(), PhoneNumbers.mask(sms.to()), PhoneDigits.mask(sms.body())));
    // like Twilio, report delivery (queued, sent, delivered) to the StatusCallback a moment later
    started.autoDeliver(java.time.Duration.ofSeconds(2));
  }

  private void startChatStub() {
    ChatWebhookStub started = Writer.as("chat-stub", () -> ChatWebhookStub.start(settings.chatStubPort()));
    chat = started;
    Logger chatLog = LoggerFactory.getLogger(ChatWebhookStub.class);
    started.onDelivery(
        delivery ->
            chatLog.info("Chat webhook received delivery {}: {}", delivery.header("X-Cuifu-Delivery"), PhoneDigits.mask(delivery.body())));
  }

  private ConfigurableApplicationContext startReminder(int reminderPort, CompletableFuture<?> ingestStarted) {
    return ReminderServiceApplication.builder()
        // before its sweep starts: orders a demo left open (killed hard) must not be reminded now
        .initializers(DemoLeftovers::closeBeforeSweep)
        .initializers(context -> AfterOrderIngest.register(context, ingestStarted))
        .initializers(reminderInitializers.toArray(new ApplicationContextInitializer<?>[0]))
        .run(
            arguments(
                common("reminder", reminderPort),
                "cuifu.sms.twilio.account-sid=" + STUB_ACCOUNT_SID,
                "cuifu.sms.twilio.auth-token=" + stubAuthToken,
                "cuifu.sms.twilio.api-base-url=" + twilio.baseUrl(),
                "cuifu.sms.twilio.status-callback-url=http://localhost:" + reminderPort + "/twilio/status",
                // the demo shop works in seconds, at any hour of the day
                "cuifu.reminder.policy.min-sms-delay=PT1S",
                "cuifu.reminder.policy.chat-delay=" + settings.demoSmsDelay().multipliedBy(2),
                "cuifu.reminder.policy.phone-delay=" + settings.demoSmsDelay(),
                "cuifu.reminder.policy.quiet-hours-start=00:00",
                "cuifu.reminder.policy.quiet-hours-end=00:00",
                // the demo shop's chat webhook is the local stub: loopback, allow-listed here only
                "cuifu.outbound.allowed-hosts=127.0.0.1,localhost"));
  }

  /** Demo mode's shop: its API key, and its SHOP_ADMIN with the password to sign in. */
  public record SimShop(String apiKey, String agentPassword) {}

  /**
   * Creates demo mode's shop on first use, as the demo shop is created (its key and its agent's
   * password kept in the data dir), with only the SMS tier: the experiment is on SMS wordings, and
   * a later chat message or phone call would take a payment's credit from the arm.
   */
  SimShop demoSimShop() {
    String apiKey = shopApiKey(DEMO_SIM_SHOP, "演示实验店", settings.dataDir().resolve("demo-sim-api-key"));
    tools.jackson.databind.node.ObjectNode policy = policy(apiKey);
    ((tools.jackson.databind.node.ObjectNode) policy.get("chat")).put("enabled", false);
    ((tools.jackson.databind.node.ObjectNode) policy.get("phone")).put("enabled", false);
    putPolicy(apiKey, policy);
    String password = readOrCreateSecret(settings.dataDir().resolve("demo-sim-agent-password"), "agent_");
    ensureAgent(apiKey, DEMO_SIM_AGENT, "演示实验坐席", password);
    return new SimShop(apiKey, password);
  }

  /**
   * Creates the demo shop's phone agent through the shop's own API, as a shop would; an agent of
   * that name already there (a restart) is fine.
   */
  void ensureDemoAgent() {
    ensureAgent(demoApiKey, DEMO_AGENT, "演示坐席", demoAgentPassword);
  }

  private void ensureAgent(String apiKey, String username, String displayName, String password) {
    String body =
        """
        {"username": "%s", "displayName": "%s", "password": "%s", "role": "SHOP_ADMIN"}
        """
            .formatted(username, displayName, password);
    HttpResponse<String> response = send("POST", reminderUrl() + "/api/v1/agents", apiKey, body);
    if (response.statusCode() != 201 && response.statusCode() != 409) {
      throw new IllegalStateException("could not create the agent " + username + " (HTTP " + response.statusCode() + "): " + response.body());
    }
  }

  /**
   * The demo shop's chat tier goes to the local chat stub, and its frequency cap allows the SMS
   * and the chat message on the same day, so the walk-through shows every tier within minutes.
   */
  private void pointDemoChatAtStub() {
    tools.jackson.databind.node.ObjectNode policy = policy(demoApiKey);
    ((tools.jackson.databind.node.ObjectNode) policy.get("chat")).put("webhookUrl", chat.url());
    ((tools.jackson.databind.node.ObjectNode) policy.get("frequencyCap")).put("maxMessages", 2);
    putPolicy(demoApiKey, policy);
  }

  /** A shop's policy, once its record has reached reminder-service (401 until then). */
  private tools.jackson.databind.node.ObjectNode policy(String apiKey) {
    String url = reminderUrl() + "/api/v1/policy";
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    HttpResponse<String> current = get(url, apiKey);
    while (current.statusCode() == 401 && System.nanoTime() < deadline) {
      sleep(); // the shop's record is still on its way to reminder-service
      current = get(url, apiKey);
    }
    if (current.statusCode() != 200) {
      throw new IllegalStateException("could not read a demo shop's policy (HTTP " + current.statusCode() + "): " + current.body());
    }
    return (tools.jackson.databind.node.ObjectNode) EventJson.mapper().readTree(current.body()).get("policy");
  }

  private void putPolicy(String apiKey, tools.jackson.databind.node.ObjectNode policy) {
    HttpResponse<String> updated = send("PUT", reminderUrl() + "/api/v1/policy", apiKey, policy.toString());
    if (updated.statusCode() != 200) {
      throw new IllegalStateException("could not set a demo shop's policy (HTTP " + updated.statusCode() + "): " + updated.body());
    }
  }

  private void sleep() {
    sleep(java.time.Duration.ofMillis(250));
  }

  private void checkNotStopping() {
    if (stopRequested()) {
      throw new StartAborted();
    }
  }

  private void sleep(java.time.Duration duration) {
    checkNotStopping();
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Command-line arguments, so that they win over the apps' own yml files as a deployment's
   * settings would.
   */
  private static String[] arguments(String[] shared, String... own) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(shared), java.util.Arrays.stream(own))
        .filter(java.util.Objects::nonNull) // a setting that does not apply
        .map(property -> "--" + property)
        .toArray(String[]::new);
  }

  /** The connection settings both apps share, one schema each (the properties are key=value). */
  private String[] common(String schema, int port) {
    return new String[] {
      "server.port=" + port,
      // the demo's apps are for this machine only, like its broker and database
      "server.address=127.0.0.1",
      "spring.datasource.url="
          + postgres.jdbcUrl()
          + (postgres.jdbcUrl().contains("?") ? "&" : "?")
          + "currentSchema="
          + schema,
      "spring.datasource.username=" + EmbeddedPostgresServer.USER,
      "spring.datasource.password=" + EmbeddedPostgresServer.PASSWORD,
      "spring.flyway.schemas=" + schema,
      "spring.flyway.default-schema=" + schema,
      "spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
      // /actuator/prometheus and the other non-health endpoints: the operator's token
      "cuifu.management.token=" + operatorToken
    };
  }

  /** Creates a demo shop on first start; later starts reuse the key kept in the data dir. */
  private String shopApiKey(String shopId, String name, Path keyFile) {
    if (Files.exists(keyFile)) {
      return read(keyFile);
    }
    String body =
        """
        {"shopId": "%s", "name": "%s", "smsDelay": "%s", "smsFrom": "+14155550100", "timeZone": "Asia/Shanghai",
         "phoneRegion": "CN"}
        """
            .formatted(shopId, name, settings.demoSmsDelay());
    HttpResponse<String> response = post(ingestUrl() + "/admin/v1/shops", "Bearer " + operatorToken, body);
    // a 503 says nothing was created: on a fresh broker (or a busy machine) its first transactions
    // can time out, so retry as the answer asks, for a while
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    while (response.statusCode() == 503 && System.nanoTime() < deadline) {
      log.info("shop {} not created yet (HTTP 503: Kafka not ready); retrying", shopId);
      sleep(java.time.Duration.ofSeconds(1));
      response = post(ingestUrl() + "/admin/v1/shops", "Bearer " + operatorToken, body);
    }
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "could not create the shop " + shopId + " (HTTP " + response.statusCode() + "): " + response.body()
              + " — delete " + settings.dataDir() + " to start afresh");
    }
    JsonNode created = EventJson.mapper().readTree(response.body());
    String apiKey = created.get("apiKey").asString();
    write(keyFile, apiKey);
    return apiKey;
  }

  public String ingestUrl() {
    return "http://localhost:" + port(ingest);
  }

  public String reminderUrl() {
    return "http://localhost:" + port(reminder);
  }

  public String demoApiKey() {
    return demoApiKey;
  }

  public String operatorToken() {
    return operatorToken;
  }

  public String demoAgentPassword() {
    return demoAgentPassword;
  }

  /** The phone agents' page, where {@link #DEMO_AGENT} signs in. */
  public String agentPageUrl() {
    return reminderUrl() + "/agent/";
  }

  public TwilioStubServer twilio() {
    return twilio;
  }

  public ChatWebhookStub chat() {
    return chat;
  }

  public LauncherSettings settings() {
    return settings;
  }

  public String kafkaBootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String postgresJdbcUrl() {
    return postgres.jdbcUrl();
  }

  /**
   * Stops everything, each component with one line ({@code stopped reminder-service}): order-ingest
   * first (no more 202s), then reminder-service once it has consumed what order-ingest accepted
   * (the broker's log is temporary), the stubs it calls next, then the broker and last the
   * database they all use. Called during start-up, it ends the start (the component under way
   * gets a few seconds to finish) and stops what has started. Each stop has a cap and says when
   * it hit it, so the whole stop stays within the README's 10 s.
   */
  @Override
  public void close() {
    String unfinished;
    synchronized (startLock) {
      stopRequested = true;
      long deadline = System.nanoTime() + STARTING_WAIT.toNanos();
      while (!starting.isEmpty() && System.nanoTime() < deadline) {
        try {
          startLock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      unfinished = String.join(" and ", starting);
      starting.forEach(Writer::abandon); // the apps' names are their writers' (Writer.as below)
    }
    if (!unfinished.isEmpty()) {
      boolean several = unfinished.contains(" and ");
      System.out.println("stopping while " + unfinished + (several ? " are still starting: they end" : " is still starting: it ends") + " with the JVM");
    }
    closeWithin(ORDER_INGEST, ingest, APP_STOP);
    ingest = null;
    if (reminder != null && kafka != null) {
      System.out.println("order-ingest stopped; " + CatchUp.await(kafka.bootstrapServers(), reminder, CATCH_UP));
    }
    closeWithin(REMINDER_SERVICE, reminder, APP_STOP);
    closeWithin("Twilio stub", twilio, STUB_STOP);
    closeWithin("chat stub", chat, STUB_STOP);
    closeWithin("Kafka broker", kafka, BROKER_STOP);
    closeWithin("PostgreSQL", postgres, POSTGRES_STOP);
    if (dataDirLock != null) {
      dataDirLock.close(); // last: a next launcher may start once PostgreSQL has stopped
    }
    dataDirLock = null;
    reminder = null;
    twilio = null;
    chat = null;
    kafka = null;
    postgres = null;
  }

  /** How long a stop during start-up waits for the component being started. */
  private static final java.time.Duration STARTING_WAIT = java.time.Duration.ofSeconds(4);
  private static final java.time.Duration CATCH_UP = java.time.Duration.ofSeconds(3);
  private static final java.time.Duration APP_STOP = java.time.Duration.ofSeconds(3);
  private static final java.time.Duration STUB_STOP = java.time.Duration.ofSeconds(1);
  private static final java.time.Duration BROKER_STOP = java.time.Duration.ofSeconds(3);
  private static final java.time.Duration POSTGRES_STOP = java.time.Duration.ofSeconds(5);

  /**
   * Stops one component on a thread of its own, waiting at most {@code cap}: past it, the next
   * component stops and the JVM's exit ends this one.
   */
  private static void closeWithin(String name, AutoCloseable closeable, java.time.Duration cap) {
    if (closeable == null) {
      return;
    }
    long started = System.nanoTime();
    java.util.concurrent.CompletableFuture<Void> stop = new java.util.concurrent.CompletableFuture<>();
    Thread stopping =
        new Thread(
            () -> {
              try {
                closeable.close();
                stop.complete(null);
              } catch (Throwable e) {
                stop.completeExceptionally(e);
              }
            },
            "cuifu-stop-" + name);
    stopping.setDaemon(true);
    stopping.start();
    try {
      stop.get(cap.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      System.out.println(String.format(java.util.Locale.ROOT, "stopped %s (%.1f s)", name, (System.nanoTime() - started) / 1e9));
    } catch (java.util.concurrent.TimeoutException e) {
      System.out.println("stopping " + name + " took over " + cap.toSeconds() + " s: going on without waiting for it");
    } catch (java.util.concurrent.ExecutionException e) {
      log.warn("error while stopping {}: {}", name, e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  static HttpResponse<String> post(String url, String authorization, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return exchange(request);
  }

  private static HttpResponse<String> get(String url, String apiKey) {
    return exchange(HttpRequest.newBuilder(URI.create(url)).header("X-Api-Key", apiKey).GET());
  }

  private static HttpResponse<String> send(String method, String url, String apiKey, String json) {
    return exchange(
        HttpRequest.newBuilder(URI.create(url))
            .header("X-Api-Key", apiKey)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json)));
  }

  private static HttpResponse<String> exchange(HttpRequest.Builder request) {
    try {
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A random secret generated on first start and kept in the data dir for later ones. */
  private static String readOrCreateSecret(Path file, String prefix) {
    if (Files.exists(file)) {
      return read(file);
    }
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String secret = prefix + HexFormat.of().formatHex(random);
    write(file, secret);
    return secret;
  }

  private static String read(Path file) {
    try {
      ownerOnly(file, OWNER_READ_WRITE); // a key written by an older launcher was world-readable
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Secrets (operator token, API key, agent password): readable by the launcher's user only. */
  private static void write(Path file, String value) {
    try {
      if (POSIX && !Files.exists(file)) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
      }
      ownerOnly(file, OWNER_READ_WRITE);
      Files.writeString(file, value + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void ownerOnly(Path path, Set<PosixFilePermission> permissions) throws IOException {
    if (POSIX && Files.exists(path)) {
      Files.setPosixFilePermissions(path, permissions);
    }
  }
}
