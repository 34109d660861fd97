package dev.cuifu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walk-through, run against the launcher itself: both apps, the in-process broker,
 * embedded PostgreSQL and the Twilio stub in one JVM, on the real clock.
 */
class LocalStackIntegrationTests {

  // long enough that a payment posted right after the order is always consumed first, even on a busy machine
  private static final Duration DEMO_DELAY = Duration.ofSeconds(6);

  @TempDir static Path dataDir;
  static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.start(LauncherSettings.ephemeral(dataDir, DEMO_DELAY));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theSecretFilesAndTheDataDirectoryAreTheOwnersOnly() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    for (String secret : new String[] {"operator-token", "demo-shop-api-key", "demo-agent-password"}) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
              java.nio.file.Files.getPosixFilePermissions(dataDir.resolve(secret))))
          .as(secret)
          .isEqualTo("rw-------");
    }
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(dataDir)))
        .isEqualTo("rwx------");
  }

  @Test
  void theBrokerListensOnLoopbackOnly() throws Exception {
    String bootstrap = stack.kafkaBootstrapServers();
    int kafkaPort = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1).split(",")[0]);
    try (java.net.Socket loopback = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), kafkaPort)) {
      assertThat(loopback.isConnected()).as("the broker on 127.0.0.1").isTrue();
    }
    for (java.net.InetAddress address : nonLoopbackAddresses()) {
      try (java.net.Socket outside = new java.net.Socket()) {
        assertThat(
                org.assertj.core.api.Assertions.catchThrowable(
                    () -> outside.connect(new java.net.InetSocketAddress(address, kafkaPort), 2_000)))
            .as("the broker must not be reachable on " + address)
            .isInstanceOf(java.io.IOException.class);
      }
    }
  }

  private static java.util.List<java.net.InetAddress> nonLoopbackAddresses() throws java.net.SocketException {
    return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
        .flatMap(nic -> java.util.Collections.list(nic.getInetAddresses()).stream())
        .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
        .toList();
  }

  @Test
  void theReadmeCurlProducesAnSmsAtTheStubWithinTheDemoDelay() {
    String order = "A" + UUID.randomUUID().toString().substring(0, 8);
    String phone = "+8613800138001";
    HttpResponse<String> accepted = postEvent(created(order, phone));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(30))
        .until(() -> stack.twilio().messages().stream().anyMatch(m -> m.to().equals(phone)));
    assertThat(stack.twilio().messages().stream().filter(m -> m.to().equals(phone)))
        .singleElement()
        .satisfies(sms -> assertThat(sms.body()).contains(order, "128.00 CNY"));
  }

  @Test
  void theDemoShopTakesChineseNumbersWithoutPlus86() {
    String order = "A" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> accepted = postEvent(created(order, "138 0013 8006"));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(30))
        .until(() -> stack.twilio().messages().stream().anyMatch(m -> m.to().equals("+8613800138006")));
    HttpResponse<String> fixedLine = postEvent(created(order + "f", "010 12345678"));
    assertThat(fixedLine.statusCode()).isEqualTo(400);
    assertThat(fixedLine.body()).contains("buyerPhone", "fixed-line").doesNotContain("12345678");
  }

  @Test
  void aValuableOrderGetsEveryTierAtTheDemoDelays() {
    String order = "A" + UUID.randomUUID().toString().substring(0, 8);
    String json =
        """
        {"type":"OrderCreated","eventId":"c-%s","orderId":"%s","occurredAt":"%s","buyerId":"b-%s",
         "buyerPhone":"+8613800138003","chatHandle":"wangwang:tb_%s","buyerTimeZone":"Asia/Shanghai",
         "amount":{"minor":88800,"currency":"CNY"},"itemSummary":"羊绒大衣"}
        """
            .formatted(order, order, now(), order, order);
    assertThat(postEvent(json).statusCode()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(40))
        .until(() -> stack.chat().deliveries().stream().anyMatch(d -> d.body().contains(order)));
    assertThat(stack.twilio().messages()).anyMatch(m -> m.body().contains(order));
    assertThat(getWithKey(stack.reminderUrl() + "/api/v1/phone-tasks").body()).contains(order);
    assertThat(getWithKey(stack.reminderUrl() + "/api/v1/orders/" + order + "/timeline").body())
        .contains("\"channel\":\"SMS\"", "\"channel\":\"CHAT\"", "\"channel\":\"PHONE\"");
  }

  @Test
  void theDemoAgentSeesTheDemoOrdersPhoneTaskOnTheAgentApi() {
    String order = "A" + UUID.randomUUID().toString().substring(0, 8);
    String json =
        """
        {"type":"OrderCreated","eventId":"c-%s","orderId":"%s","occurredAt":"%s","buyerId":"b-%s",
         "buyerPhone":"+8613800138004","buyerTimeZone":"Asia/Shanghai",
         "amount":{"minor":66600,"currency":"CNY"},"itemSummary":"真丝衬衫"}
        """
            .formatted(order, order, now(), order);
    assertThat(postEvent(json).statusCode()).isEqualTo(202);

    String tasks = stack.reminderUrl() + "/agent/tasks";
    await().atMost(Duration.ofSeconds(30)).until(() -> getAsDemoAgent(tasks).body().contains(order));
    HttpResponse<String> listed = getAsDemoAgent(tasks);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.body()).as("numbers stay masked until claimed").doesNotContain("+8613800138004");
    assertThat(stack.agentPageUrl()).endsWith("/agent/");

    // a restart creates the agent again: the 409 for the existing one is fine, the password still works
    stack.ensureDemoAgent();
    assertThat(getAsDemoAgent(stack.reminderUrl() + "/agent/me").body()).contains(LocalStack.DEMO_AGENT, LocalStack.DEMO_SHOP);
  }

  @Test
  void payingBeforeTheDelayProducesNoSms() throws InterruptedException {
    String order = "A" + UUID.randomUUID().toString().substring(0, 8);
    String phone = "+8613800138002";
    long posted = System.nanoTime();
    assertThat(postEvent(created(order, phone)).statusCode()).isEqualTo(202);
    assertThat(postEvent(paid(order)).statusCode()).isEqualTo(202);

    // "no SMS" counts only once reminder-service has the order, paid, and nothing of it left to send
    String touches = stack.reminderUrl() + "/api/v1/orders/" + order + "/touches";
    await().atMost(DEMO_DELAY)
        .until(() -> getWithKey(touches).body().contains("\"status\":\"PAID\""));
    assertThat(getWithKey(touches).body())
        .as("the order's reminders: cancelled by the payment (or never planned), none to go out")
        .doesNotContain("\"state\":\"PLANNED\"", "\"state\":\"SENDING\"", "\"state\":\"SENT\"");

    Thread.sleep(Math.max(0, DEMO_DELAY.plusSeconds(4).toMillis() - (System.nanoTime() - posted) / 1_000_000));
    assertThat(stack.twilio().messages()).noneMatch(m -> m.to().equals(phone));
    assertThat(getWithKey(touches).body()).doesNotContain("\"state\":\"SENT\"");
  }

  @Test
  void bothAppsAreReadyAndExportTheirCounters() throws Exception {
    for (String app : new String[] {stack.ingestUrl(), stack.reminderUrl()}) {
      assertThat(get(app + "/actuator/health/readiness").statusCode()).as(app).isEqualTo(200);
      assertThat(get(app + "/actuator/prometheus").statusCode()).as(app + " without the token").isEqualTo(401);
      assertThat(scrape(app)).as(app).contains("cuifu_events");
    }
  }

  @Test
  void theDashboardAndAlertRulesQueryOnlyMetricsTheAppsExport() throws Exception {
    // counters tagged on first use: an accepted event and a provider refusal register them
    String phone = "+8613800138009";
    stack.twilio().failTo(phone, 400, 21211, "The 'To' number is not a valid phone number.");
    String order = "A" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(postEvent(created(order, phone)).statusCode()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30))
        .until(() -> scrape(stack.reminderUrl()).contains("cuifu_touches_failed_total"));

    Set<String> exported = new TreeSet<>();
    for (String app : new String[] {stack.ingestUrl(), stack.reminderUrl()}) {
      exported.addAll(MetricReferences.exported(scrape(app)));
    }
    assertThat(MetricReferences.used())
        .as("metric names in deploy/observability (dashboard and alerts) that neither app exports")
        .isNotEmpty()
        .isSubsetOf(exported);
  }

  private static String created(String order, String phone) {
    return """
        {"type":"OrderCreated","eventId":"c-%s","orderId":"%s","occurredAt":"%s","buyerId":"b-%s",
         "buyerPhone":"%s","buyerTimeZone":"Asia/Shanghai","amount":{"minor":12800,"currency":"CNY"},
         "itemSummary":"羊毛围巾 红色"}
        """
        .formatted(order, order, now(), order, phone);
  }

  private static String paid(String order) {
    return """
        {"type":"OrderPaid","eventId":"p-%s","orderId":"%s","occurredAt":"%s",
         "amount":{"minor":12800,"currency":"CNY"},"paidAt":"%s"}
        """
        .formatted(order, order, now(), now());
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }

  private static HttpResponse<String> postEvent(String json) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "/api/v1/events"))
            .header("Content-Type", "application/json")
            .header("X-Api-Key", stack.demoApiKey())
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    try {
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> getWithKey(String url) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).header("X-Api-Key", stack.demoApiKey()).build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> getAsDemoAgent(String url) {
    String basic = java.util.Base64.getEncoder()
        .encodeToString((LocalStack.DEMO_AGENT + ":" + stack.demoAgentPassword()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + basic).build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The app's /actuator/prometheus, read with the management token (the launcher's operator token). */
  private String scrape(String app) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(app + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + stack.operatorToken())
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
