package dev.cuifu.reminder.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import com.twilio.base.ResourceSet;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import dev.cuifu.reminder.channel.SendFailure.Kind;
import dev.cuifu.testing.SettableClock;
import dev.cuifu.testing.twilio.StubMessage;
import dev.cuifu.testing.twilio.TwilioStubServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Reconciliation without a SID: {@link TwilioSmsGateway#findSent}, the real twilio-java SDK through
 * our transport against the Twilio stub's list endpoint over HTTP.
 */
@ExtendWith(OutputCaptureExtension.class)
class TwilioSmsGatewayFindSentTests {

  private static final String TO = "+8613800138000";
  private static final String MASKED_TO = "+86 138****8000";
  private static final String OTHER_TO = "+8613900139000";
  private static final String FROM = "+15005550006";
  private static final String BODY = "您的订单 #1042 还未付款 / order #1042 is unpaid";
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

  /** The stub on the system clock: sends through the gateway, timestamps as in production. */
  private static TwilioStubServer stub;
  /** The stub on a clock the test sets: exact seconds and day boundaries. */
  private static TwilioStubServer timedStub;
  private static final Instant TIMED_START = Instant.parse("2030-03-01T23:59:58.250Z");
  private static final SettableClock clock = new SettableClock(TIMED_START);
  private static final List<TwilioHttpClient> extraClients = new ArrayList<>();
  private static TwilioHttpClient httpClient;
  private static TwilioRestClient restClient;
  private static TwilioSmsGateway gateway;
  private static TwilioSmsGateway timedGateway;

  @BeforeAll
  static void start() {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.hc")).setLevel(Level.INFO);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.twilio")).setLevel(Level.INFO);
    stub = TwilioStubServer.start(0);
    timedStub =
        TwilioStubServer.start(0, TwilioStubServer.DEFAULT_ACCOUNT_SID, TwilioStubServer.DEFAULT_AUTH_TOKEN, clock);
    httpClient = new TwilioHttpClient(URI.create(stub.baseUrl()), Duration.ofSeconds(2), READ_TIMEOUT);
    restClient = new TwilioRestClient.Builder(stub.accountSid(), stub.authToken()).httpClient(httpClient).build();
    gateway = new TwilioSmsGateway(restClient, null);
    timedGateway = gatewayOn(timedStub.baseUrl(), TwilioSmsGateway.LOOKUP_PAGE_SIZE, TwilioSmsGateway.LOOKUP_MAX_PAGES);
  }

  @AfterEach
  void reset() {
    stub.clear();
    timedStub.clear();
    clock.set(TIMED_START);
  }

  @AfterAll
  static void stop() {
    extraClients.forEach(TwilioHttpClient::close);
    httpClient.close();
    stub.close();
    timedStub.close();
  }

  @Test
  void findsAMessageStillQueuedByNumberBodyAndStartTimeWithItsSid() {
    Instant notBefore = Instant.now();
    SmsReceipt sent = gateway.send(new SmsMessage("test-shop", TO, FROM, BODY));

    Optional<SmsReceipt> found = gateway.findSent("test-shop", TO, BODY, notBefore);

    assertThat(found).contains(new SmsReceipt(sent.providerMessageId(), "queued"));
  }

  @Test
  void findsAMessageThatHasGoneOutWithItsCurrentStatusAskingByDayOnTwilio() {
    Instant notBefore = Instant.now();
    String sid = gateway.send(new SmsMessage("test-shop", TO, FROM, BODY)).providerMessageId();
    stub.updateStatus(sid, "delivered", null);

    Optional<SmsReceipt> found = gateway.findSent("test-shop", TO, BODY, notBefore);

    assertThat(found).contains(new SmsReceipt(sid, "delivered"));
    String day = notBefore.toString().substring(0, 10);
    assertThat(stub.listRequests())
        .as("one list read: To and DateSent> the day, as the SDK encodes them")
        .singleElement()
        .asString()
        .startsWith("/2010-04-01/Accounts/" + stub.accountSid() + "/Messages.json?")
        .contains("To=%2B8613800138000")
        .contains("DateSent%3E=" + day + "T00%3A00%3A00")
        .contains("PageSize=100");
  }

  @Test
  void anotherBodyAnotherNumberOrALaterStartFindNothing() {
    Instant notBefore = Instant.now();
    String sid = gateway.send(new SmsMessage("test-shop", TO, FROM, BODY)).providerMessageId();
    gateway.send(new SmsMessage("test-shop", OTHER_TO, FROM, "something else"));

    for (boolean goneOut : new boolean[] {false, true}) {
      if (goneOut) {
        stub.updateStatus(sid, "sent", null);
      }
      assertThat(gateway.findSent("test-shop", TO, BODY + " ", notBefore)).as("a space more").isEmpty();
      assertThat(gateway.findSent("test-shop", TO, BODY.toUpperCase(), notBefore)).as("other case").isEmpty();
      assertThat(gateway.findSent("test-shop", TO, "something else", notBefore)).as("another number's body").isEmpty();
      assertThat(gateway.findSent("test-shop", OTHER_TO, BODY, notBefore)).as("another number").isEmpty();
      assertThat(gateway.findSent("test-shop", TO, BODY, Instant.now().plusSeconds(2))).as("started after it").isEmpty();
      assertThat(gateway.findSent("test-shop", TO, BODY, notBefore)).as("the message itself").isPresent();
    }
  }

  @Test
  void startTimeCountsToTheSecondLikeTwilioDates() {
    // created 2030-03-01T23:59:58.250Z; Twilio says "Fri, 01 Mar 2030 23:59:58 +0000"
    String sid = timedGateway.send(new SmsMessage("test-shop", TO, FROM, BODY)).providerMessageId();

    assertThat(timedGateway.findSent("test-shop", TO, BODY, Instant.parse("2030-03-01T23:59:58.900Z")))
        .as("same second, later fraction")
        .map(SmsReceipt::providerMessageId)
        .contains(sid);
    assertThat(timedGateway.findSent("test-shop", TO, BODY, Instant.parse("2030-03-01T23:59:59Z"))).isEmpty();
    assertThat(timedGateway.findSent("test-shop", TO, BODY, Instant.parse("2030-03-01T23:59:57Z"))).isPresent();
  }

  @Test
  void aMessageSentTheNextDayIsFoundThroughTheDayFilter() {
    String sid = timedGateway.send(new SmsMessage("test-shop", TO, FROM, BODY)).providerMessageId(); // 23:59:58 day 1
    clock.advance(Duration.ofSeconds(5)); // goes out at 00:00:03 day 2
    timedStub.updateStatus(sid, "sent", null);

    assertThat(timedGateway.findSent("test-shop", TO, BODY, Instant.parse("2030-03-01T23:59:58Z")))
        .map(SmsReceipt::providerMessageId)
        .contains(sid);
    assertThat(timedStub.listRequests()).singleElement().asString().contains("DateSent%3E=2030-03-01T00%3A00%3A00");
  }

  @Test
  void aMessageCreatedBeforeTheStartIsNotTakenForThisAttemptEvenIfItWentOutAfter() {
    String earlier = timedGateway.send(new SmsMessage("test-shop", TO, FROM, BODY)).providerMessageId();
    clock.advance(Duration.ofSeconds(10));
    timedStub.updateStatus(earlier, "sent", null);

    assertThat(timedGateway.findSent("test-shop", TO, BODY, clock.instant().minusSeconds(1))).isEmpty();
  }

  @Test
  void pagesThroughMoreMessagesThanOnePage() {
    TwilioSmsGateway smallPages = gatewayOn(stub.baseUrl(), 2, 5);
    Instant notBefore = Instant.now();
    String sid = smallPages.send(new SmsMessage("test-shop", TO, FROM, BODY)).providerMessageId();
    for (int i = 0; i < 6; i++) {
      smallPages.send(new SmsMessage("test-shop", TO, FROM, "later " + i));
    }

    // still queued: the undated read finds it, on the 4th page of 2
    assertThat(smallPages.findSent("test-shop", TO, BODY, notBefore)).map(SmsReceipt::providerMessageId).contains(sid);
    assertThat(stub.listRequests()).as("empty dated read, then 4 pages").hasSize(5);

    // gone out: the dated read finds it, on the 4th page of 2
    stub.clear();
    String again = smallPages.send(new SmsMessage("test-shop", TO, FROM, BODY)).providerMessageId();
    stub.updateStatus(again, "delivered", null);
    for (int i = 0; i < 6; i++) {
      stub.updateStatus(smallPages.send(new SmsMessage("test-shop", TO, FROM, "later " + i)).providerMessageId(), "delivered", null);
    }
    assertThat(smallPages.findSent("test-shop", TO, BODY, notBefore)).contains(new SmsReceipt(again, "delivered"));
    assertThat(stub.listRequests()).as("4 pages of the dated read").hasSize(4);
  }

  @Test
  void moreMessagesThanTheLookupPagesThroughIsRetryableNotNotFound() {
    TwilioSmsGateway smallPages = gatewayOn(stub.baseUrl(), 2, 3);
    Instant notBefore = Instant.now();
    for (int i = 0; i < 7; i++) {
      stub.updateStatus(smallPages.send(new SmsMessage("test-shop", TO, FROM, "other " + i)).providerMessageId(), "sent", null);
    }

    SmsSendException e = catchThrowableOfType(SmsSendException.class, () -> smallPages.findSent("test-shop", TO, BODY, notBefore));

    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
    assertThat(e.getMessage()).contains("more than 6 messages").doesNotContain("8613800138000");
  }

  /**
   * The gateway's half of "not sent twice": what lease recovery asks after a lost answer finds the
   * message. That recovery then records it instead of resending is CrashRecoveryIntegrationTests'
   * (in one JVM) and the fault harness's with real processes (docs/reliability.md).
   */
  @Test
  void sendThatTimedOutAfterTwilioStoredItIsFoundByTheLookupWithItsSid() {
    Instant attemptStarted = Instant.now();
    // Twilio stores the message, then answers only after our read timeout
    stub.delayNext(1, READ_TIMEOUT.multipliedBy(3));

    SmsSendException timedOut =
        catchThrowableOfType(SmsSendException.class, () -> gateway.send(new SmsMessage("test-shop", TO, FROM, BODY)));
    assertThat(timedOut.kind()).isEqualTo(Kind.UNKNOWN_OUTCOME);
    assertThat(stub.messages()).as("the attempt reached Twilio, which has the message").hasSize(1);
    assertThat(stub.apiRequestCount()).as("one request: neither the SDK nor our transport sent it again").isEqualTo(1);
    StubMessage received = stub.messages().get(0);

    assertThat(gateway.findSent("test-shop", TO, BODY, attemptStarted))
        .as("found while queued, with Twilio's SID")
        .contains(new SmsReceipt(received.sid(), "queued"));
    stub.updateStatus(received.sid(), "delivered", null);
    assertThat(gateway.findSent("test-shop", TO, BODY, attemptStarted))
        .as("asked again at a later sweep, once it went out: the same message")
        .contains(new SmsReceipt(received.sid(), "delivered"));
    assertThat(stub.messages()).as("the lookups sent nothing").hasSize(1);
  }

  @Test
  void sendThatNeverReachedTwilioIsNotFoundSoItMayBeSentAgain() {
    Instant attemptStarted = Instant.now();
    stub.failNext(1, 503, 20503, "Service Unavailable");
    catchThrowableOfType(SmsSendException.class, () -> gateway.send(new SmsMessage("test-shop", TO, FROM, BODY)));

    assertThat(gateway.findSent("test-shop", TO, BODY, attemptStarted)).isEmpty();
  }

  @Test
  void serviceUnavailableOnTheListIsRetryableNotEmpty() {
    Instant notBefore = Instant.now();
    gateway.send(new SmsMessage("test-shop", TO, FROM, BODY));
    stub.failNext(1, 503, 20503, "Service Unavailable");
    int before = stub.apiRequestCount();

    SmsSendException e = catchThrowableOfType(SmsSendException.class, () -> gateway.findSent("test-shop", TO, BODY, notBefore));

    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
    assertThat(e.providerErrorCode()).isEqualTo(20503);
    assertThat(stub.apiRequestCount() - before).as("one request, no retry inside the SDK").isEqualTo(1);
    assertThat(gateway.findSent("test-shop", TO, BODY, notBefore)).as("asked again later").isPresent();
  }

  @Test
  void everyOtherFailureToAskIsRetryableToo() throws IOException {
    stub.delayNext(1, READ_TIMEOUT.multipliedBy(3));
    assertThat(lookupFails(gateway).kind()).as("read timeout").isEqualTo(Kind.RETRYABLE);

    stub.failNext(1, 400, 20001, "Invalid date value");
    SmsSendException refused = lookupFails(gateway);
    assertThat(refused.kind()).as("a 4xx: still could not ask").isEqualTo(Kind.RETRYABLE);
    assertThat(refused.providerErrorCode()).isEqualTo(20001);

    try (TwilioHttpClient http = new TwilioHttpClient(URI.create(stub.baseUrl()), Duration.ofSeconds(2), READ_TIMEOUT)) {
      TwilioSmsGateway wrongToken =
          new TwilioSmsGateway(new TwilioRestClient.Builder(stub.accountSid(), "not-the-token").httpClient(http).build(), null);
      SmsSendException e = lookupFails(wrongToken);
      assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
      assertThat(e.providerErrorCode()).isEqualTo(20003);
    }

    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    TwilioSmsGateway nowhere = gatewayOn("http://127.0.0.1:" + closedPort, 100, 10);
    assertThat(lookupFails(nowhere).kind()).as("connection refused").isEqualTo(Kind.RETRYABLE);
  }

  @Test
  void eachLookupLogsOneLineWithTheNumberMaskedAndNotTheBody(CapturedOutput output) {
    Instant notBefore = Instant.now();
    gateway.send(new SmsMessage("test-shop", TO, FROM, BODY));
    int before = lines(output).size();

    gateway.findSent("test-shop", TO, BODY, notBefore);
    gateway.findSent("test-shop", TO, "nothing like it", notBefore);
    stub.failNext(1, 503, 20503, "Service Unavailable");
    lookupFails(gateway);

    List<String> lines = lines(output).subList(before, lines(output).size());
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("lookup").contains(MASKED_TO).contains("found sid=SM");
    assertThat(lines.get(1)).contains("lookup").contains(MASKED_TO).contains("not found");
    assertThat(lines.get(2)).contains("lookup").contains(MASKED_TO).contains("RETRYABLE").contains("20503");
    assertThat(output.getAll()).doesNotContain("8613800138000").doesNotContain("order #1042").doesNotContain("nothing like it");
  }

  @Test
  void theSdksResourceSetPagesThroughTheStubsList() {
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(0, gateway.send(new SmsMessage("test-shop", TO, FROM, "message " + i)).providerMessageId());
    }
    gateway.send(new SmsMessage("test-shop", OTHER_TO, FROM, "not listed"));

    ResourceSet<Message> all = Message.reader().setTo(TO).setPageSize(2L).read(restClient);
    List<String> listed = new ArrayList<>();
    all.forEach(m -> listed.add(m.getSid()));

    assertThat(listed).containsExactlyElementsOf(sent);
    assertThat(stub.listRequests()).hasSize(3);
  }

  // ---------------------------------------------------------------------------------------------

  private static TwilioSmsGateway gatewayOn(String baseUrl, long pageSize, int maxPages) {
    TwilioHttpClient http = new TwilioHttpClient(URI.create(baseUrl), Duration.ofSeconds(2), READ_TIMEOUT);
    extraClients.add(http);
    return new TwilioSmsGateway(
        new TwilioRestClient.Builder(TwilioStubServer.DEFAULT_ACCOUNT_SID, TwilioStubServer.DEFAULT_AUTH_TOKEN)
            .httpClient(http)
            .build(),
        null,
        pageSize,
        maxPages);
  }

  private static SmsSendException lookupFails(SmsGateway gateway) {
    SmsSendException e =
        catchThrowableOfType(SmsSendException.class, () -> gateway.findSent("test-shop", TO, BODY, Instant.now().minusSeconds(60)));
    assertThat(e).as("findSent must fail with SmsSendException").isNotNull();
    return e;
  }

  private static List<String> lines(CapturedOutput output) {
    return output.getAll().lines().filter(l -> l.contains("TwilioSmsGateway") && l.contains("lookup")).toList();
  }
}
