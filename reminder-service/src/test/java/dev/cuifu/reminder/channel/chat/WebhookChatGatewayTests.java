package dev.cuifu.reminder.channel.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cuifu.reminder.outbound.OutboundGuard;
import dev.cuifu.reminder.outbound.OutboundHttp;
import dev.cuifu.reminder.outbound.OutboundProperties;
import dev.cuifu.testing.chat.ChatWebhookStub;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The webhook gateway over real HTTP against the receiver stub: what arrives, and how failures are classified. */
class WebhookChatGatewayTests {

  private static final Instant NOW = Instant.parse("2025-03-01T02:00:00.123Z");
  private static final String SECRET = "q3Vb0m1m0sX2k9m3fHc7yJ4nE1pW8rT6uZ5aL0dS2gK";
  private static final ChatMessage MESSAGE =
      new ChatMessage("dlv-1", "shop-1", "order-1", "buyer-1", "wangwang:tb_buyer_7", "您的订单还未付款 — 13800138000");

  /** The stub runs on loopback: allow-listed, as tests and the launcher configure it. */
  private static final OutboundHttp LOOPBACK_ALLOWED =
      new OutboundHttp(new OutboundGuard(new OutboundProperties(List.of("127.0.0.1"))));

  private static ChatWebhookStub stub;

  private final WebhookChatGateway gateway =
      new WebhookChatGateway(new ChatWebhookProperties(null, null), Clock.fixed(NOW, ZoneOffset.UTC), LOOPBACK_ALLOWED);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeAll
  static void start() {
    stub = ChatWebhookStub.start(0);
  }

  @AfterAll
  static void stop() {
    stub.close();
  }

  @BeforeEach
  void reset() {
    stub.clear();
    logs.start();
    ((Logger) LoggerFactory.getLogger(WebhookChatGateway.class)).addAppender(logs);
  }

  @AfterEach
  void detach() {
    ((Logger) LoggerFactory.getLogger(WebhookChatGateway.class)).detachAppender(logs);
  }

  @Test
  void aDeliveryArrivesWithTheDocumentedBodyAndHeadersAndAVerifiableSignature() {
    ChatReceipt receipt = gateway.send(URI.create(stub.url()), SECRET, MESSAGE);

    assertThat(receipt.httpStatus()).isEqualTo(200);
    assertThat(stub.deliveries()).hasSize(1);
    ChatWebhookStub.Delivery d = stub.deliveries().get(0);
    assertThat(d.method()).isEqualTo("POST");
    assertThat(d.path()).isEqualTo("/im");
    assertThat(d.header("Content-Type")).startsWith("application/json");
    assertThat(d.header("X-Cuifu-Delivery")).isEqualTo("dlv-1");
    assertThat(d.header("X-Cuifu-Timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));

    Map<String, Object> body = JsonMapper.builder().build().readValue(d.body(), new TypeReference<Map<String, Object>>() {});
    assertThat(body)
        .containsExactly(
            Map.entry("deliveryId", "dlv-1"),
            Map.entry("shopId", "shop-1"),
            Map.entry("orderId", "order-1"),
            Map.entry("buyerId", "buyer-1"),
            Map.entry("chatHandle", "wangwang:tb_buyer_7"),
            Map.entry("text", MESSAGE.text()),
            Map.entry("sentAt", "2025-03-01T02:00:00Z"));

    String signature = d.header("X-Cuifu-Signature");
    assertThat(signature).matches("sha256=[0-9a-f]{64}");
    assertThat(signature).isEqualTo(WebhookSignature.signature(SECRET, d.header("X-Cuifu-Timestamp"), d.body()));
    assertThat(WebhookSignature.verify(SECRET, d.header("X-Cuifu-Timestamp"), d.body(), signature)).isTrue();
    assertThat(WebhookSignature.verify("another-secret", d.header("X-Cuifu-Timestamp"), d.body(), signature))
        .as("another shop's secret")
        .isFalse();
    assertThat(WebhookSignature.verify(SECRET, Long.toString(NOW.getEpochSecond() + 1), d.body(), signature))
        .as("another timestamp")
        .isFalse();
    assertThat(WebhookSignature.verify(SECRET, d.header("X-Cuifu-Timestamp"), d.body().replace("order-1", "order-2"), signature))
        .as("a tampered body")
        .isFalse();
  }

  @Test
  void theSignatureIsHmacSha256OfTimestampDotBody() {
    // known answer from: printf '%s' '1700000000.{}' | openssl dgst -sha256 -hmac key
    assertThat(WebhookSignature.signature("key", "1700000000", "{}"))
        .isEqualTo("sha256=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae");
  }

  @Test
  void oneLogLinePerDeliveryWithoutTextOrHandle() {
    gateway.send(URI.create(stub.url()), SECRET, MESSAGE);
    stub.failNext(1, 400);
    catchThrowableOfType(ChatSendException.class, () -> gateway.send(URI.create(stub.url()), SECRET, MESSAGE));

    assertThat(logs.list).hasSize(2);
    for (ILoggingEvent event : logs.list) {
      String line = event.getFormattedMessage();
      assertThat(line).contains("shop-1").contains("order-1").doesNotContain("13800138000", "wangwang", "付款", SECRET);
    }
    assertThat(logs.list.get(0).getFormattedMessage()).contains("status=200");
    assertThat(logs.list.get(1).getFormattedMessage()).contains("PERMANENT").contains("status=400");
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 503, 429, 408})
  void overloadedOrFailingReceiverIsRetryable(int status) {
    stub.failNext(1, status);

    ChatSendException e = send();

    assertThat(e.kind()).isEqualTo(ChatSendException.Kind.RETRYABLE);
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(stub.deliveries()).hasSize(1).allSatisfy(d -> assertThat(d.answeredStatus()).isEqualTo(status));
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 404, 410})
  void refusedDeliveryIsPermanent(int status) {
    stub.failNext(1, status);

    ChatSendException e = send();

    assertThat(e.kind()).isEqualTo(ChatSendException.Kind.PERMANENT);
    assertThat(e.httpStatus()).isEqualTo(status);
  }

  @Test
  void failuresAreNotRetriedByTheGateway() {
    stub.failNext(1, 503);

    send();

    assertThat(stub.deliveries()).as("exactly one request").hasSize(1);
    assertThat(gateway.send(URI.create(stub.url()), SECRET, MESSAGE).httpStatus()).isEqualTo(200);
  }

  @Test
  void connectionRefusedIsRetryable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    ChatSendException e =
        catchThrowableOfType(
            ChatSendException.class,
            () -> gateway.send(URI.create("http://127.0.0.1:" + closedPort + "/im"), SECRET, MESSAGE));

    assertThat(e.kind()).isEqualTo(ChatSendException.Kind.RETRYABLE);
    assertThat(e.httpStatus()).isNull();
  }

  @Test
  void aReceiverSlowerThanTheReadTimeoutIsAnUnknownOutcome() {
    WebhookChatGateway impatient =
        new WebhookChatGateway(
            new ChatWebhookProperties(Duration.ofSeconds(2), Duration.ofMillis(300)), Clock.fixed(NOW, ZoneOffset.UTC),
            LOOPBACK_ALLOWED);
    stub.delayNext(1, Duration.ofSeconds(3));

    long started = System.nanoTime();
    ChatSendException e =
        catchThrowableOfType(ChatSendException.class, () -> impatient.send(URI.create(stub.url()), SECRET, MESSAGE));

    assertThat(e.kind()).isEqualTo(ChatSendException.Kind.UNKNOWN_OUTCOME);
    assertThat(e.httpStatus()).isNull();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(stub.deliveries()).as("the receiver did get it").hasSize(1);
  }

  @Test
  void aUrlThatIsNotHttpIsPermanentAndSendsNothing() {
    for (String url : List.of("ftp://127.0.0.1/im", "/im", "mailto:bot@example.com")) {
      ChatSendException e =
          catchThrowableOfType(ChatSendException.class, () -> gateway.send(URI.create(url), SECRET, MESSAGE));
      assertThat(e.kind()).as(url).isEqualTo(ChatSendException.Kind.PERMANENT);
    }
    assertThat(stub.deliveries()).isEmpty();
  }

  @Test
  void internalTargetsAreRefusedWithOneReasonAndNothingIsSent() {
    // without the allow-list: the stub's own loopback URL, a name resolving to loopback (checked
    // after DNS), private, link-local, metadata, CGNAT, ULA and unspecified addresses
    WebhookChatGateway guarded =
        new WebhookChatGateway(
            new ChatWebhookProperties(null, null),
            Clock.fixed(NOW, ZoneOffset.UTC),
            new OutboundHttp(new OutboundGuard(OutboundProperties.defaults())));
    String port = Integer.toString(URI.create(stub.url()).getPort());
    List<String> targets =
        List.of(
            stub.url(),
            "https://127.0.0.1:" + port + "/im",
            "https://localhost:" + port + "/im",
            "https://10.1.2.3/im",
            "https://192.168.0.1:8080/im",
            "https://172.16.5.5/im",
            "https://169.254.169.254/latest/meta-data/",
            "https://100.64.0.1/im",
            "https://[::1]:" + port + "/im",
            "https://[fd00::1]/im",
            "https://[::ffff:127.0.0.1]:" + port + "/im",
            "https://0.0.0.0:" + port + "/im",
            "http://example.com/im");
    for (String url : targets) {
      ChatSendException e =
          catchThrowableOfType(ChatSendException.class, () -> guarded.send(URI.create(url), SECRET, MESSAGE));
      assertThat(e.kind()).as(url).isEqualTo(ChatSendException.Kind.PERMANENT);
      assertThat(e.getMessage()).as(url).isEqualTo("the URL is not allowed");
    }
    assertThat(stub.deliveries()).isEmpty();
  }

  @Test
  void theMessageToStringHidesTextAndHandle() {
    assertThat(MESSAGE.toString()).doesNotContain("13800138000", "wangwang");
  }

  private ChatSendException send() {
    return catchThrowableOfType(ChatSendException.class, () -> gateway.send(URI.create(stub.url()), SECRET, MESSAGE));
  }
}
