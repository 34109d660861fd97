package dev.cuifu.launcher;

import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.ingest.OrderIngestApplication;
import dev.cuifu.reminder.ReminderServiceApplication;
import dev.cuifu.testing.EmbeddedPostgresServer;
import dev.cuifu.testing.LoopbackHttpServer;
import dev.cuifu.testing.LoopbackKafka;
import dev.cuifu.testing.chat.ChatWebhookStub;
import dev.cuifu.testing.twilio.TwilioStubServer;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
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
  static final String STUB_ACCOUNT_SID = "AC" + "0".repeat(32);
  /**
   * The stub's auth token, new at every start: a token in the source would let anyone who can
   * reach the machine sign Twilio webhooks (a START undoing a buyer's STOP).
   */
  private final String stubAuthToken = java.util.UUID.randomUUID().toString().replace("-", "");

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

  private final LauncherSettings settings;
  private EmbeddedPostgresServer postgres;
  private LoopbackKafka kafka;
  private TwilioStubServer twilio;
  private ChatWebhookStub chat;
  private ConfigurableApplicationContext ingest;
  private ConfigurableApplicationContext reminder;
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

  private String operatorToken;
  private String demoApiKey;
  private String demoAgentPassword;

  private LocalStack(LauncherSettings settings) {
    this.settings = settings;
  }

  public static LocalStack start(LauncherSettings settings) {
    LocalStack stack = new LocalStack(settings);
    try {
      stack.startAll();
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startAll() {
    Path dataDir = settings.dataDir();
    createDirectories(dataDir);
    operatorToken = readOrCreateSecret(dataDir.resolve("operator-token"), "op_");
    postgres = EmbeddedPostgresServer.startPersistent(dataDir.resolve("postgres"), settings.postgresPort());
    kafka = LoopbackKafka.start(); // on 127.0.0.1 only: the demo broker has no authentication
    twilio = TwilioStubServer.start(settings.twilioStubPort(), STUB_ACCOUNT_SID, stubAuthToken);
    twilio.onMessage(
        sms -> log.info("Twilio stub received SMS {} to {}: {}", sms.sid(), PhoneNumbers.mask(sms.to()), sms.body()));
    // like Twilio, report delivery (queued, sent, delivered) to the StatusCallback a moment later
    twilio.autoDeliver(java.time.Duration.ofSeconds(2));

    chat = ChatWebhookStub.start(settings.chatStubPort());
    chat.onDelivery(
        delivery -> log.info("Chat webhook received delivery {}: {}", delivery.header("X-Cuifu-Delivery"), delivery.body()));

    ingest =
        OrderIngestApplication.builder()
            .run(arguments(common("ingest", settings.ingestPort()), "cuifu.ingest.operator-token=" + operatorToken));
    // Twilio's delivery reports come back to reminder-service's /twilio/status, so its port must be
    // known before it starts: with "any free port" (tests, the benchmark) one is taken now, after
    // PostgreSQL, the broker, the stubs and order-ingest have bound theirs
    int reminderPort = settings.reminderPort() == 0 ? LoopbackHttpServer.freePort() : settings.reminderPort();
    reminder =
        ReminderServiceApplication.builder()
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
    demoApiKey = demoShopApiKey(dataDir.resolve("demo-shop-api-key"));
    pointDemoChatAtStub();
    demoAgentPassword = readOrCreateSecret(dataDir.resolve("demo-agent-password"), "agent_");
    ensureDemoAgent();
  }

  /**
   * Creates the demo shop's phone agent through the shop's own API, as a shop would; an agent of
   * that name already there (a restart) is fine.
   */
  void ensureDemoAgent() {
    String body =
        """
        {"username": "%s", "displayName": "演示坐席", "password": "%s", "role": "SHOP_ADMIN"}
        """
            .formatted(DEMO_AGENT, demoAgentPassword);
    HttpResponse<String> response = send("POST", reminderUrl() + "/api/v1/agents", demoApiKey, body);
    if (response.statusCode() != 201 && response.statusCode() != 409) {
      throw new IllegalStateException("could not create the demo agent (HTTP " + response.statusCode() + "): " + response.body());
    }
  }

  /**
   * The demo shop's chat tier goes to the local chat stub, and its frequency cap allows the SMS
   * and the chat message on the same day, so the walk-through shows every tier within minutes.
   */
  private void pointDemoChatAtStub() {
    String url = reminderUrl() + "/api/v1/policy";
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    HttpResponse<String> current = get(url, demoApiKey);
    while (current.statusCode() == 401 && System.nanoTime() < deadline) {
      sleep(); // the shop's record is still on its way to reminder-service
      current = get(url, demoApiKey);
    }
    if (current.statusCode() != 200) {
      throw new IllegalStateException("could not read the demo shop's policy (HTTP " + current.statusCode() + "): " + current.body());
    }
    tools.jackson.databind.node.ObjectNode policy =
        (tools.jackson.databind.node.ObjectNode) EventJson.mapper().readTree(current.body()).get("policy");
    ((tools.jackson.databind.node.ObjectNode) policy.get("chat")).put("webhookUrl", chat.url());
    ((tools.jackson.databind.node.ObjectNode) policy.get("frequencyCap")).put("maxMessages", 2);
    HttpResponse<String> updated = send("PUT", url, demoApiKey, policy.toString());
    if (updated.statusCode() != 200) {
      throw new IllegalStateException("could not set the demo shop's policy (HTTP " + updated.statusCode() + "): " + updated.body());
    }
  }

  private static void sleep() {
    sleep(java.time.Duration.ofMillis(250));
  }

  private static void sleep(java.time.Duration duration) {
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

  /** Creates the demo shop on first start; later starts reuse the key kept in the data dir. */
  private String demoShopApiKey(Path keyFile) {
    if (Files.exists(keyFile)) {
      return read(keyFile);
    }
    String body =
        """
        {"shopId": "%s", "name": "演示小店", "smsDelay": "%s", "smsFrom": "+14155550100", "timeZone": "Asia/Shanghai"}
        """
            .formatted(DEMO_SHOP, settings.demoSmsDelay());
    HttpResponse<String> response = post(ingestUrl() + "/admin/v1/shops", "Bearer " + operatorToken, body);
    // a 503 says nothing was created: on a fresh broker (or a busy machine) its first transactions
    // can time out, so retry as the answer asks, for a while
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    while (response.statusCode() == 503 && System.nanoTime() < deadline) {
      log.info("demo shop not created yet (HTTP 503: Kafka not ready); retrying");
      sleep(java.time.Duration.ofSeconds(1));
      response = post(ingestUrl() + "/admin/v1/shops", "Bearer " + operatorToken, body);
    }
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "could not create the demo shop (HTTP " + response.statusCode() + "): " + response.body()
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

  @Override
  public void close() {
    closeQuietly(reminder);
    closeQuietly(ingest);
    closeQuietly(twilio);
    closeQuietly(chat);
    closeQuietly(kafka);
    closeQuietly(postgres);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("error while stopping {}: {}", closeable.getClass().getSimpleName(), e.getMessage());
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

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
      ownerOnly(dir, OWNER_ONLY_DIRECTORY); // the database and the secrets live here
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
