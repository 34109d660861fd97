package dev.cuifu.reminder.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.security.RequestValidator;
import dev.cuifu.reminder.channel.SendFailure.Kind;
import dev.cuifu.testing.twilio.StubFailure;
import dev.cuifu.testing.twilio.StubMessage;
import dev.cuifu.testing.twilio.TwilioStubServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The real twilio-java SDK, through our transport, against the Twilio stub over HTTP. */
@ExtendWith(OutputCaptureExtension.class)
class TwilioSmsGatewayIntegrationTests {

  private static final String TO = "+8613800138000";
  private static final String MASKED_TO = "+86 138****8000";
  private static final String FROM = "+15005550006";
  private static final String MESSAGING_SERVICE = "MG0123456789abcdef0123456789abcdef";
  private static final URI STATUS_CALLBACK = URI.create("https://cuifu.example/sms/status");
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

  private static TwilioStubServer stub;
  private static TwilioHttpClient httpClient;
  private static TwilioRestClient restClient;
  private static TwilioSmsGateway gateway;

  @BeforeAll
  static void start() {
    // keep the SDK's and Apache's debug logs (wire dumps) out of the test output
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.hc")).setLevel(Level.INFO);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.twilio")).setLevel(Level.INFO);
    stub = TwilioStubServer.start(0);
    httpClient = new TwilioHttpClient(URI.create(stub.baseUrl()), Duration.ofSeconds(2), READ_TIMEOUT);
    restClient = new TwilioRestClient.Builder(stub.accountSid(), stub.authToken()).httpClient(httpClient).build();
    gateway = new TwilioSmsGateway(restClient, STATUS_CALLBACK);
  }

  @AfterEach
  void reset() {
    stub.clear();
  }

  @AfterAll
  static void stop() {
    httpClient.close();
    stub.close();
  }

  @Test
  void sendHandsTwilioExactlyThatMessageAndReturnsTwilioSid() {
    SmsReceipt receipt = gateway.send(new SmsMessage("test-shop", TO, FROM, "您的订单还未付款 / your order is unpaid"));

    List<StubMessage> received = stub.messages();
    assertThat(received).hasSize(1);
    StubMessage message = received.get(0);
    assertThat(message.to()).isEqualTo(TO);
    assertThat(message.from()).isEqualTo(FROM);
    assertThat(message.messagingServiceSid()).isNull();
    assertThat(message.body()).isEqualTo("您的订单还未付款 / your order is unpaid");
    assertThat(message.accountSid()).isEqualTo(stub.accountSid());
    assertThat(receipt.providerMessageId()).isEqualTo(message.sid()).matches("SM[0-9a-f]{32}");
    assertThat(receipt.status()).isEqualTo("queued");
  }

  @Test
  void fromStartingWithMgGoesAsMessagingServiceSid() {
    SmsReceipt receipt = gateway.send(new SmsMessage("test-shop", TO, MESSAGING_SERVICE, "hello"));

    StubMessage message = stub.message(receipt.providerMessageId()).orElseThrow();
    assertThat(message.messagingServiceSid()).isEqualTo(MESSAGING_SERVICE);
    assertThat(message.from()).isNull();
    assertThat(receipt.status()).isEqualTo("accepted");
  }

  @Test
  void configuredStatusCallbackGoesWithEveryMessage() {
    SmsReceipt receipt = gateway.send(new SmsMessage("test-shop", TO, FROM, "hello"));

    assertThat(stub.message(receipt.providerMessageId()).orElseThrow().statusCallback())
        .isEqualTo(STATUS_CALLBACK.toString());
  }

  @Test
  void fetchReturnsTheProvidersCurrentStatus() {
    String sid = gateway.send(new SmsMessage("test-shop", TO, FROM, "hello")).providerMessageId();

    assertThat(gateway.fetch("test-shop", sid)).isEqualTo(new SmsReceipt(sid, "sent"));
    assertThat(gateway.fetch("test-shop", sid)).isEqualTo(new SmsReceipt(sid, "delivered"));

    stub.updateStatus(sid, "undelivered", 30007);
    assertThat(gateway.fetch("test-shop", sid).status()).isEqualTo("undelivered");
  }

  @Test
  void fetchOfASidTwilioDoesNotKnowIsPermanent() {
    SmsSendException e =
        catchThrowableOfType(SmsSendException.class, () -> gateway.fetch("test-shop", "SM00000000000000000000000000000000"));

    assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(e.providerErrorCode()).isEqualTo(20404);
  }

  @Test
  void theSdkReadsEveryFieldOfTheStubsMessageJson() {
    String sid = gateway.send(new SmsMessage("test-shop", TO, FROM, "hello")).providerMessageId();

    Message message = Message.fetcher(sid).fetch(restClient);

    assertThat(message.getSid()).isEqualTo(sid);
    assertThat(message.getAccountSid()).isEqualTo(stub.accountSid());
    assertThat(message.getTo()).isEqualTo(TO);
    assertThat(message.getFrom().toString()).isEqualTo(FROM);
    assertThat(message.getBody()).isEqualTo("hello");
    assertThat(message.getDirection()).isEqualTo(Message.Direction.OUTBOUND_API);
    assertThat(message.getStatus()).isEqualTo(Message.Status.SENT);
    assertThat(message.getNumSegments()).isEqualTo("1");
    assertThat(message.getApiVersion()).isEqualTo("2010-04-01");
    assertThat(message.getDateCreated()).isNotNull();
    assertThat(message.getDateUpdated()).isNotNull();
    assertThat(message.getDateSent()).isNotNull();
    assertThat(message.getUri()).endsWith("/Messages/" + sid + ".json");
    assertThat(message.getErrorCode()).isNull();
  }

  @Test
  void stubSignsStatusCallbacksTheWayTheSdkValidatesThem() {
    Map<String, String> params = Map.of("MessageSid", "SM0123", "MessageStatus", "delivered", "To", TO);

    String signature = stub.signature(STATUS_CALLBACK.toString(), params);

    assertThat(new RequestValidator(stub.authToken()).validate(STATUS_CALLBACK.toString(), params, signature)).isTrue();
  }

  @ParameterizedTest(name = "400 code {0} ({1}) is PERMANENT and keeps the code")
  @CsvSource(
      quoteCharacter = '"',
      value = {
    "21211, Invalid 'To' Phone Number",
    "21614, 'To' number is not a valid mobile number",
    "21610, Attempt to send to unsubscribed recipient",
    "21408, Permission to send an SMS has not been enabled for the region indicated by the 'To' number",
      })
  void recipientRefusalsArePermanentWithTwilioCode(int code, String message) {
    stub.failTo(TO, 400, code, message);

    SmsSendException e = sendFails(new SmsMessage("test-shop", TO, FROM, "hello"));

    assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(e.providerErrorCode()).isEqualTo(code);
    assertThat(stub.messages()).isEmpty();
  }

  @Test
  void stubRefusingAMalformedNumberIsPermanent21211() {
    SmsSendException e = sendFails(new SmsMessage("test-shop", "+86", FROM, "hello"));

    assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
    assertThat(e.providerErrorCode()).isEqualTo(21211);
  }

  @ParameterizedTest(name = "{0} code {1} is RETRYABLE and the SDK did not re-send it")
  @CsvSource({
    "429, 20429, Too Many Requests",
    "500, 20500, Internal Server Error",
    "503, 20503, Service Unavailable",
  })
  void rateLimitAndServerErrorsAreRetryableAndNotRetriedInsideTheSdk(int status, int code, String message) {
    stub.failNext(1, status, code, message);

    SmsSendException e = sendFails(new SmsMessage("test-shop", TO, FROM, "hello"));

    assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
    assertThat(e.providerErrorCode()).isEqualTo(code);
    assertThat(stub.apiRequestCount()).as("exactly one HTTP request").isEqualTo(1);
    assertThat(stub.messages()).isEmpty();
  }

  @Test
  void wrongCredentialsAreRetryableBecauseTheyAreAConfigurationProblemNotTheTouchs() {
    try (TwilioHttpClient http = new TwilioHttpClient(URI.create(stub.baseUrl()), Duration.ofSeconds(2), READ_TIMEOUT)) {
      TwilioSmsGateway wrongToken =
          new TwilioSmsGateway(
              new TwilioRestClient.Builder(stub.accountSid(), "not-the-token").httpClient(http).build(), null);

      SmsSendException e = sendFails(wrongToken, new SmsMessage("test-shop", TO, FROM, "hello"));

      assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
      assertThat(e.providerErrorCode()).isEqualTo(20003);
      assertThat(stub.messages()).isEmpty();
    }
  }

  @Test
  void invalidSenderIsRetryableBecauseItIsAConfigurationProblem() {
    stub.failNext(1, 400, 21606, "The 'From' phone number provided is not a valid message-capable Twilio phone number");

    SmsSendException e = sendFails(new SmsMessage("test-shop", TO, FROM, "hello"));

    assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
    assertThat(e.providerErrorCode()).isEqualTo(21606);
  }

  @Test
  void connectionRefusedIsRetryableBecauseTheRequestNeverLeft() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (TwilioHttpClient http =
        new TwilioHttpClient(URI.create("http://127.0.0.1:" + closedPort), Duration.ofSeconds(2), READ_TIMEOUT)) {
      TwilioSmsGateway nowhere =
          new TwilioSmsGateway(new TwilioRestClient.Builder(stub.accountSid(), stub.authToken()).httpClient(http).build(), null);

      SmsSendException e = sendFails(nowhere, new SmsMessage("test-shop", TO, FROM, "hello"));

      assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
      assertThat(e.providerErrorCode()).isNull();
    }
  }

  @Test
  void readTimeoutIsUnknownOutcomeBecauseTwilioMayHaveTheMessage() {
    stub.delayNext(1, READ_TIMEOUT.multipliedBy(3));

    long started = System.nanoTime();
    SmsSendException e = sendFails(new SmsMessage("test-shop", TO, FROM, "did this go out?"));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_OUTCOME);
    assertThat(took).as("gave up after the read timeout").isLessThan(READ_TIMEOUT.multipliedBy(3));
    assertThat(stub.messages())
        .as("Twilio did receive it: resending blindly would double-send")
        .singleElement()
        .satisfies(m -> assertThat(m.body()).isEqualTo("did this go out?"));
    // reconciliation can then find out what happened to it
    String sid = stub.messages().get(0).sid();
    assertThat(gateway.fetch("test-shop", sid).status()).isEqualTo("sent");
  }

  @Test
  void eachSendLogsOneLineWithTheNumberMasked(CapturedOutput output) {
    gateway.send(new SmsMessage("test-shop", TO, FROM, "hello"));
    stub.failTo(TO, 400, 21211, "The 'To' number " + TO + " is not a valid phone number.");
    SmsSendException refused = sendFails(new SmsMessage("test-shop", TO, FROM, "hello"));

    List<String> lines = output.getAll().lines().filter(l -> l.contains("TwilioSmsGateway")).toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains(MASKED_TO).contains("accepted");
    assertThat(lines.get(1)).contains(MASKED_TO).contains("PERMANENT").contains("21211");
    assertThat(output.getAll()).doesNotContain(TO).doesNotContain("8613800138000");
    assertThat(refused).as("Twilio's message, redacted, and no cause holding the raw text").hasNoCause();
    assertThat(refused.getMessage()).doesNotContain("8613800138000").contains(MASKED_TO);
  }

  private static SmsSendException sendFails(SmsMessage message) {
    return sendFails(gateway, message);
  }

  private static SmsSendException sendFails(SmsGateway gateway, SmsMessage message) {
    SmsSendException e = catchThrowableOfType(SmsSendException.class, () -> gateway.send(message));
    assertThat(e).as("send must fail with SmsSendException").isNotNull();
    return e;
  }
}
