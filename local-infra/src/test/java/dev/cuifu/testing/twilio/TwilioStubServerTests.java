package dev.cuifu.testing.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stub over plain HTTP: Twilio's API shape, auth, failure injection and the control API. */
class TwilioStubServerTests {

  private static final String TO = "+8613800138000";
  private static final String FROM = "+15005550006";

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();
  private TwilioStubServer stub;

  @BeforeEach
  void start() {
    stub = TwilioStubServer.start(0);
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void createAnswers201WithTwilioMessageJson() throws Exception {
    HttpResponse<String> response = create(Map.of("To", TO, "From", FROM, "Body", "hello"));

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode message = json.readTree(response.body());
    assertThat(message.get("sid").asString()).matches("SM[0-9a-f]{32}");
    assertThat(message.get("account_sid").asString()).isEqualTo(stub.accountSid());
    assertThat(message.get("to").asString()).isEqualTo(TO);
    assertThat(message.get("from").asString()).isEqualTo(FROM);
    assertThat(message.get("body").asString()).isEqualTo("hello");
    assertThat(message.get("status").asString()).isEqualTo("queued");
    assertThat(message.get("direction").asString()).isEqualTo("outbound-api");
    assertThat(message.get("num_segments").asString()).isEqualTo("1");
    assertThat(message.get("date_created").asString()).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000");
    assertThat(message.get("date_sent").isNull()).isTrue();
    assertThat(message.get("price").isNull()).isTrue();
    assertThat(message.get("error_code").isNull()).isTrue();
    assertThat(message.get("uri").asString())
        .isEqualTo("/2010-04-01/Accounts/" + stub.accountSid() + "/Messages/" + message.get("sid").asString() + ".json");
    assertThat(stub.messages()).singleElement().satisfies(m -> assertThat(m.sid()).isEqualTo(message.get("sid").asString()));
  }

  @Test
  void anAccountListsOnlyItsOwnNumbersAndFetchesOnlyItsOwnMessagingServices() throws Exception {
    String other = "AC" + "cd".repeat(16);
    stub.addAccount(other, "other-token");
    stub.addIncomingPhoneNumber(stub.accountSid(), "+14155550100");
    stub.addIncomingPhoneNumber(other, "+14155550177");
    String service = "MG" + "12".repeat(16);
    stub.addMessagingService(other, service);
    String numbers = stub.baseUrl() + "/2010-04-01/Accounts/" + other + "/IncomingPhoneNumbers.json";

    HttpResponse<String> listed =
        send(HttpRequest.newBuilder(URI.create(numbers + "?PhoneNumber=" + URLEncoder.encode("+14155550177", StandardCharsets.UTF_8)))
            .header("Authorization", basic(other, "other-token")).GET());
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(json.readTree(listed.body()).get("incoming_phone_numbers"))
        .extracting(n -> n.get("phone_number").asString(), n -> n.get("account_sid").asString())
        .containsExactly(tuple("+14155550177", other));
    HttpResponse<String> notHeld =
        send(HttpRequest.newBuilder(URI.create(numbers + "?PhoneNumber=" + URLEncoder.encode("+14155550100", StandardCharsets.UTF_8)))
            .header("Authorization", basic(other, "other-token")).GET());
    assertThat(json.readTree(notHeld.body()).get("incoming_phone_numbers")).as("the default account's number").isEmpty();

    URI serviceUri = URI.create(stub.baseUrl() + "/v1/Services/" + service);
    HttpResponse<String> fetched = send(HttpRequest.newBuilder(serviceUri).header("Authorization", basic(other, "other-token")).GET());
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(json.readTree(fetched.body()).get("account_sid").asString()).isEqualTo(other);
    assertThat(send(HttpRequest.newBuilder(serviceUri).header("Authorization", basic(stub.accountSid(), stub.authToken())).GET())
            .statusCode())
        .as("another account's service").isEqualTo(404);
  }

  @Test
  void anAddedAccountSendsUnderItsOwnPathSeesOnlyItsOwnMessagesAndNeedsItsOwnToken() throws Exception {
    String other = "AC" + "ab".repeat(16);
    stub.addAccount(other, "other-token");
    String mine = json.readTree(create(Map.of("To", TO, "From", FROM, "Body", "default account")).body()).get("sid").asString();
    URI otherMessages = URI.create(stub.baseUrl() + "/2010-04-01/Accounts/" + other + "/Messages.json");

    HttpResponse<String> created =
        send(HttpRequest.newBuilder(otherMessages)
            .header("Authorization", basic(other, "other-token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("To", TO, "From", FROM, "Body", "own account")))));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json.readTree(created.body()).get("account_sid").asString()).isEqualTo(other);

    HttpResponse<String> listed = send(HttpRequest.newBuilder(otherMessages).header("Authorization", basic(other, "other-token")).GET());
    assertThat(json.readTree(listed.body()).get("messages")).extracting(m -> m.get("body").asString()).containsExactly("own account");
    HttpResponse<String> othersMessage =
        send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/2010-04-01/Accounts/" + other + "/Messages/" + mine + ".json"))
            .header("Authorization", basic(other, "other-token")).GET());
    assertThat(othersMessage.statusCode()).as("the default account's message").isEqualTo(404);
    assertThat(send(HttpRequest.newBuilder(otherMessages).header("Authorization", basic(other, stub.authToken())).GET()).statusCode())
        .as("the default token").isEqualTo(401);
    assertThat(send(HttpRequest.newBuilder(otherMessages).header("Authorization", basic(stub.accountSid(), stub.authToken())).GET()).statusCode())
        .as("the default account on another account's path").isEqualTo(404);
  }

  @Test
  void fetchMovesTheStatusOnAndAnswers404ForAnUnknownSid() throws Exception {
    String sid = json.readTree(create(Map.of("To", TO, "From", FROM, "Body", "hi")).body()).get("sid").asString();

    assertThat(json.readTree(fetch(sid).body()).get("status").asString()).isEqualTo("sent");
    assertThat(json.readTree(fetch(sid).body()).get("status").asString()).isEqualTo("delivered");
    assertThat(json.readTree(fetch(sid).body()).get("status").asString()).isEqualTo("delivered");

    HttpResponse<String> unknown = fetch("SM00000000000000000000000000000000");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json.readTree(unknown.body()).get("code").asInt()).isEqualTo(20404);
  }

  @Test
  void wrongCredentialsAnswer401WithTwilioErrorJson() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(apiUri("/Messages.json"))
                .header("Authorization", basic(stub.accountSid(), "wrong"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("To", TO, "From", FROM, "Body", "x")))));

    assertThat(response.statusCode()).isEqualTo(401);
    JsonNode error = json.readTree(response.body());
    assertThat(error.get("code").asInt()).isEqualTo(20003);
    assertThat(error.get("message").asString()).isEqualTo("Authenticate");
    assertThat(error.get("status").asInt()).isEqualTo(401);
    assertThat(error.get("more_info").asString()).isEqualTo("https://www.twilio.com/docs/errors/20003");
    assertThat(stub.messages()).isEmpty();
  }

  @Test
  void failNextFailsExactlyThatManyRequestsAndStoresNothing() throws Exception {
    stub.failNext(2, 503, 20503, "Service Unavailable");

    assertThat(create(Map.of("To", TO, "From", FROM, "Body", "1")).statusCode()).isEqualTo(503);
    assertThat(create(Map.of("To", TO, "From", FROM, "Body", "2")).statusCode()).isEqualTo(503);
    assertThat(create(Map.of("To", TO, "From", FROM, "Body", "3")).statusCode()).isEqualTo(201);
    assertThat(stub.messages()).extracting(StubMessage::body).containsExactly("3");
    assertThat(stub.apiRequestCount()).isEqualTo(3);
  }

  @Test
  void failToFailsOnlyThatNumberUntilCleared() throws Exception {
    stub.failTo(TO, 400, 21610, "Attempt to send to unsubscribed recipient");

    HttpResponse<String> refused = create(Map.of("To", TO, "From", FROM, "Body", "x"));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json.readTree(refused.body()).get("code").asInt()).isEqualTo(21610);
    assertThat(create(Map.of("To", TO, "From", FROM, "Body", "x")).statusCode()).isEqualTo(400);
    assertThat(create(Map.of("To", "+8613900139000", "From", FROM, "Body", "x")).statusCode()).isEqualTo(201);

    stub.clearFailures();
    assertThat(create(Map.of("To", TO, "From", FROM, "Body", "x")).statusCode()).isEqualTo(201);
  }

  @Test
  void controlApiInjectsAndClearsFailures() throws Exception {
    HttpResponse<String> added =
        send(
            HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/_stub/failures"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                    "{\"times\":0,\"to\":\"" + TO + "\",\"status\":400,\"code\":21211,\"message\":\"Invalid\"}")));
    assertThat(added.statusCode()).isEqualTo(204);
    assertThat(create(Map.of("To", TO, "From", FROM, "Body", "x")).statusCode()).isEqualTo(400);
    assertThat(create(Map.of("To", TO, "From", FROM, "Body", "x")).statusCode()).isEqualTo(400);

    HttpResponse<String> cleared =
        send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/_stub/failures")).DELETE());
    assertThat(cleared.statusCode()).isEqualTo(204);
    assertThat(create(Map.of("To", TO, "From", FROM, "Body", "x")).statusCode()).isEqualTo(201);
  }

  @Test
  void controlApiListsAndClearsMessages() throws Exception {
    create(Map.of("To", TO, "From", FROM, "Body", "one", "StatusCallback", "http://127.0.0.1:1/cb"));
    create(Map.of("To", TO, "MessagingServiceSid", "MG0123456789abcdef0123456789abcdef", "Body", "two"));

    JsonNode list = json.readTree(send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/_stub/messages")).GET()).body());
    assertThat(list.size()).isEqualTo(2);
    assertThat(list.get(0).get("body").asString()).isEqualTo("one");
    assertThat(list.get(0).get("status_callback").asString()).isEqualTo("http://127.0.0.1:1/cb");
    assertThat(list.get(1).get("messaging_service_sid").asString()).isEqualTo("MG0123456789abcdef0123456789abcdef");
    assertThat(list.get(1).get("status").asString()).isEqualTo("accepted");

    send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/_stub/messages")).DELETE());
    assertThat(stub.messages()).isEmpty();
  }

  @Test
  void delayedAnswerStillStoresTheMessageFirst() throws Exception {
    stub.delayNext(1, Duration.ofSeconds(2));

    HttpRequest request =
        authorized(HttpRequest.newBuilder(apiUri("/Messages.json")))
            .timeout(Duration.ofMillis(300))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("To", TO, "From", FROM, "Body", "slow"))))
            .build();
    try {
      http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.net.http.HttpTimeoutException expected) {
      // the client gave up
    }
    assertThat(stub.messages()).extracting(StubMessage::body).containsExactly("slow");
  }

  @Test
  void validatesLikeTwilio() throws Exception {
    assertThat(errorCode(create(Map.of("From", FROM, "Body", "x")))).isEqualTo(21604);
    assertThat(errorCode(create(Map.of("To", "12345", "From", FROM, "Body", "x")))).isEqualTo(21211);
    assertThat(errorCode(create(Map.of("To", TO, "Body", "x")))).isEqualTo(21603);
    assertThat(errorCode(create(Map.of("To", TO, "From", FROM)))).isEqualTo(21602);
    assertThat(errorCode(create(Map.of("To", TO, "From", FROM, "Body", "x".repeat(1601))))).isEqualTo(21617);
  }

  @Test
  void listenerSeesEachAcceptedMessage() throws Exception {
    List<StubMessage> seen = new CopyOnWriteArrayList<>();
    stub.onMessage(seen::add);

    create(Map.of("To", TO, "From", FROM, "Body", "hello"));

    assertThat(seen).extracting(StubMessage::to).containsExactly(TO);
  }

  @Test
  void segmentsAreCountedLikeCarriersDo() {
    assertThat(TwilioStubServer.segments("a".repeat(160))).isEqualTo(1);
    assertThat(TwilioStubServer.segments("a".repeat(161))).isEqualTo(2);
    assertThat(TwilioStubServer.segments("{".repeat(80))).isEqualTo(1);
    assertThat(TwilioStubServer.segments("付".repeat(70))).isEqualTo(1);
    assertThat(TwilioStubServer.segments("付".repeat(71))).isEqualTo(2);
  }

  @Test
  void statusCallbackIsPostedSignedLikeTwilio() throws Exception {
    try (Receiver receiver = Receiver.start()) {
      String callback = receiver.url();
      String sid = sid(create(Map.of("To", TO, "From", FROM, "Body", "x", "StatusCallback", callback)));

      stub.updateStatus(sid, "undelivered", 30007);
      assertThat(stub.sendStatusCallback(sid)).isEqualTo(204);

      assertThat(receiver.received).singleElement().satisfies(p -> {
        assertThat(p).containsEntry("MessageSid", sid).containsEntry("MessageStatus", "undelivered")
            .containsEntry("ErrorCode", "30007").containsEntry("To", TO);
        assertThat(receiver.signatures.get(0)).isEqualTo(stub.signature(callback, p));
      });
    }
  }

  @Test
  void deliverPostsEachStatusInOrderSignedLikeTwilio() throws Exception {
    try (Receiver receiver = Receiver.start()) {
      String sid = sid(create(Map.of("To", TO, "From", FROM, "Body", "x", "StatusCallback", receiver.url())));

      assertThat(stub.deliver(sid))
          .extracting(TwilioStubServer.Callback::status, TwilioStubServer.Callback::httpStatus)
          .containsExactly(
              tuple("queued", 204),
              tuple("sent", 204),
              tuple("delivered", 204));

      assertThat(receiver.received).extracting(p -> p.get("MessageStatus")).containsExactly("queued", "sent", "delivered");
      for (int i = 0; i < receiver.received.size(); i++) {
        assertThat(receiver.signatures.get(i)).isEqualTo(stub.signature(receiver.url(), receiver.received.get(i)));
      }
      assertThat(stub.message(sid).orElseThrow().status()).isEqualTo("delivered");
      assertThat(stub.deliver(sid)).as("statuses already passed are not posted again")
          .extracting(TwilioStubServer.Callback::status).containsExactly("delivered");
    }
  }

  @Test
  void deliveryOutcomeEndsInFailedOrUndeliveredWithTheError() throws Exception {
    try (Receiver receiver = Receiver.start()) {
      stub.deliveryOutcome(TO, "failed", 21610);
      stub.deliveryOutcome("+8613900139000", "undelivered", 30003);
      String failed = sid(create(Map.of("To", TO, "From", FROM, "Body", "x", "StatusCallback", receiver.url())));
      String undelivered =
          sid(create(Map.of("To", "+8613900139000", "From", FROM, "Body", "x", "StatusCallback", receiver.url())));

      assertThat(stub.deliver(failed))
          .extracting(TwilioStubServer.Callback::status, TwilioStubServer.Callback::errorCode)
          .containsExactly(tuple("queued", null), tuple("failed", 21610));
      assertThat(stub.deliver(undelivered))
          .extracting(TwilioStubServer.Callback::status)
          .containsExactly("queued", "sent", "undelivered");
      assertThat(receiver.received.get(receiver.received.size() - 1)).containsEntry("ErrorCode", "30003");
      assertThat(stub.message(failed).orElseThrow().errorCode()).isEqualTo(21610);
    }
  }

  @Test
  void aStatusCallbackUrlsFragmentIsNeitherPostedToNorSigned() throws Exception {
    try (Receiver receiver = Receiver.start()) {
      String sid = sid(create(Map.of("To", TO, "From", FROM, "Body", "x", "StatusCallback", receiver.url() + "#rc=2&rp=5xx")));

      assertThat(stub.sendStatusCallback(sid)).isEqualTo(204);

      assertThat(receiver.received).singleElement().satisfies(p ->
          assertThat(receiver.signatures.get(0))
              .as("signed over the URL Twilio calls, without its connection overrides")
              .isEqualTo(hmacSha1(stub.authToken(), receiver.url(), p)));
    }
  }

  @Test
  void aFailedStatusCallbackIsPostedAgainAsItsUrlsConnectionOverridesSay() throws Exception {
    try (Receiver receiver = Receiver.start()) {
      String retried = sid(create(Map.of("To", TO, "From", FROM, "Body", "x", "StatusCallback", receiver.url() + "#rc=2&rp=5xx")));
      receiver.overloadedFor.set(2);
      assertThat(stub.sendStatusCallback(retried)).as("503, 503, then 204 on the second retry").isEqualTo(204);
      assertThat(receiver.received).hasSize(3);

      receiver.overloadedFor.set(3);
      assertThat(stub.sendStatusCallback(retried)).as("retries spent: the last answer").isEqualTo(503);
      assertThat(receiver.received).hasSize(6);

      String all = sid(create(Map.of("To", TO, "From", FROM, "Body", "x", "StatusCallback", receiver.url() + "#rc=3&rp=all")));
      assertThat(stub.sendStatusCallback(all)).isEqualTo(204);
      assertThat(receiver.received).as("a success is posted once, whatever the policy").hasSize(7);
      receiver.received.remove(6);

      String plain = sid(create(Map.of("To", TO, "From", FROM, "Body", "x", "StatusCallback", receiver.url())));
      receiver.overloadedFor.set(1);
      assertThat(stub.sendStatusCallback(plain)).as("no overrides: a 503 is not retried (Twilio's default policy is ct)")
          .isEqualTo(503);
      assertThat(receiver.received).hasSize(7);

      String connectOnly = sid(create(Map.of("To", TO, "From", FROM, "Body", "x", "StatusCallback", receiver.url() + "#rc=3")));
      receiver.overloadedFor.set(1);
      assertThat(stub.sendStatusCallback(connectOnly)).as("rc without rp: connect failures only").isEqualTo(503);
      assertThat(receiver.received).hasSize(8);
    }
  }

  private static String hmacSha1(String key, String data, Map<String, String> params) throws Exception {
    StringBuilder signed = new StringBuilder(data);
    new TreeMap<>(params).forEach((k, v) -> signed.append(k).append(v));
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
    mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder().encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void controlApiDeliversAMessage() throws Exception {
    try (Receiver receiver = Receiver.start()) {
      String sid = sid(create(Map.of("To", TO, "From", FROM, "Body", "x", "StatusCallback", receiver.url())));

      HttpResponse<String> response =
          send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/_stub/messages/" + sid + "/deliver"))
              .POST(HttpRequest.BodyPublishers.noBody()));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json.readTree(response.body()).size()).isEqualTo(3);
      assertThat(receiver.received).hasSize(3);
    }
  }

  @Test
  void autoDeliverPostsTheCallbacksInTheBackground() throws Exception {
    try (Receiver receiver = Receiver.start()) {
      stub.autoDeliver(Duration.ZERO);
      create(Map.of("To", TO, "From", FROM, "Body", "x", "StatusCallback", receiver.url()));

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (receiver.received.size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(20); // real HTTP arriving, not domain time
      }
      assertThat(receiver.received).extracting(p -> p.get("MessageStatus")).containsExactly("queued", "sent", "delivered");
    }
  }

  @Test
  void whatsAppAddressesAreAcceptedAndMustNotBeMixed() throws Exception {
    HttpResponse<String> created =
        create(Map.of("To", "whatsapp:" + TO, "From", "whatsapp:+14155238886", "Body", "付".repeat(200)));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json.readTree(created.body()).get("to").asString()).isEqualTo("whatsapp:" + TO);
    assertThat(json.readTree(created.body()).get("num_segments").asString()).isEqualTo("1");
    assertThat(create(Map.of("To", "whatsapp:" + TO, "MessagingServiceSid", "MG0123456789abcdef0123456789abcdef", "Body", "x"))
        .statusCode()).isEqualTo(201);

    assertThat(errorCode(create(Map.of("To", "whatsapp:" + TO, "From", FROM, "Body", "x")))).isEqualTo(21910);
    assertThat(errorCode(create(Map.of("To", TO, "From", "whatsapp:" + FROM, "Body", "x")))).isEqualTo(21910);
    assertThat(errorCode(create(Map.of("To", "whatsapp:12345", "From", "whatsapp:" + FROM, "Body", "x")))).isEqualTo(21211);
    assertThat(errorCode(create(Map.of("To", "whatsapp:" + TO, "From", "whatsapp:shop", "Body", "x")))).isEqualTo(63007);
  }

  /** A status-callback receiver on localhost that records what it got. */
  private static final class Receiver implements AutoCloseable {
    final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    final List<String> signatures = new CopyOnWriteArrayList<>();
    /** The next this many posts are answered 503, as an overloaded receiver does. */
    final java.util.concurrent.atomic.AtomicInteger overloadedFor = new java.util.concurrent.atomic.AtomicInteger();
    final HttpServer server;

    private Receiver(HttpServer server) {
      this.server = server;
    }

    static Receiver start() throws IOException {
      Receiver receiver = new Receiver(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
      receiver.server.createContext(
          "/sms/status",
          exchange -> {
            Map<String, String> params = new TreeMap<>();
            for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
              String[] kv = pair.split("=", 2);
              params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            receiver.received.add(params);
            receiver.signatures.add(exchange.getRequestHeaders().getFirst("X-Twilio-Signature"));
            exchange.sendResponseHeaders(receiver.overloadedFor.getAndDecrement() > 0 ? 503 : 204, -1);
            exchange.close();
          });
      receiver.server.start();
      return receiver;
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms/status";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private String sid(HttpResponse<String> created) {
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json.readTree(created.body()).get("sid").asString();
  }

  // ---------------------------------------------------------------------------------------------

  private int errorCode(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(400);
    return json.readTree(response.body()).get("code").asInt();
  }

  private HttpResponse<String> create(Map<String, String> params) throws IOException, InterruptedException {
    return send(
        authorized(HttpRequest.newBuilder(apiUri("/Messages.json")))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(params))));
  }

  private HttpResponse<String> fetch(String sid) throws IOException, InterruptedException {
    return send(authorized(HttpRequest.newBuilder(apiUri("/Messages/" + sid + ".json"))).GET());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI apiUri(String tail) {
    return URI.create(stub.baseUrl() + "/2010-04-01/Accounts/" + stub.accountSid() + tail);
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
    return builder.header("Authorization", basic(stub.accountSid(), stub.authToken()));
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String form(Map<String, String> params) {
    StringBuilder form = new StringBuilder();
    params.forEach(
        (k, v) ->
            form.append(form.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return form.toString();
  }
}
