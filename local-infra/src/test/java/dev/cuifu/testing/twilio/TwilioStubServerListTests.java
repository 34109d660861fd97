package dev.cuifu.testing.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.testing.SettableClock;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The stub's list endpoint ({@code GET …/Messages.json}) over plain HTTP: filters, order, paging. */
class TwilioStubServerListTests {

  private static final String TO = "+8613800138000";
  private static final String OTHER_TO = "+8613900139000";
  private static final String FROM = "+15005550006";
  private static final Instant DAY_1_NOON = Instant.parse("2030-03-01T12:00:00Z");

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();
  private final SettableClock clock = new SettableClock(DAY_1_NOON);
  private TwilioStubServer stub;

  @BeforeEach
  void start() {
    stub = TwilioStubServer.start(0, TwilioStubServer.DEFAULT_ACCOUNT_SID, TwilioStubServer.DEFAULT_AUTH_TOKEN, clock);
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void listAnswersTwilioEnvelopeNewestFirstFilteredByToAndFrom() throws Exception {
    String first = create(TO, "one");
    clock.advance(Duration.ofSeconds(1));
    create(OTHER_TO, "other number");
    clock.advance(Duration.ofSeconds(1));
    String second = create(TO, "two");

    HttpResponse<String> response = list(params("To", TO));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode page = json.readTree(response.body());
    assertThat(sids(page)).containsExactly(second, first);
    assertThat(page.get("messages").get(0).get("body").asString()).isEqualTo("two");
    assertThat(page.get("messages").get(0).get("date_created").asString()).isEqualTo("Fri, 01 Mar 2030 12:00:02 +0000");
    assertThat(page.get("page").asInt()).isZero();
    assertThat(page.get("page_size").asInt()).isEqualTo(50);
    assertThat(page.get("start").asInt()).isZero();
    assertThat(page.get("end").asInt()).isEqualTo(1);
    assertThat(page.get("next_page_uri").isNull()).isTrue();
    assertThat(page.get("previous_page_uri").isNull()).isTrue();
    String base = "/2010-04-01/Accounts/" + stub.accountSid() + "/Messages.json";
    assertThat(page.get("first_page_uri").asString()).isEqualTo(base + "?To=%2B8613800138000&PageSize=50&Page=0");
    assertThat(page.get("uri").asString()).isEqualTo(base + "?To=%2B8613800138000&PageSize=50&Page=0");

    assertThat(sids(json.readTree(list(params()).body()))).hasSize(3);
    assertThat(sids(json.readTree(list(params("From", FROM, "To", TO)).body()))).containsExactly(second, first);
    assertThat(sids(json.readTree(list(params("From", "+15005550007")).body()))).isEmpty();
    assertThat(stub.listRequests()).hasSize(4).first().asString().startsWith(base + "?");
  }

  @Test
  void dateSentFiltersAreDayGranularOnDateSentAndSkipMessagesNotSentYet() throws Exception {
    String day1 = createAndSend(TO, "day 1"); // 2030-03-01T12:00
    clock.advance(Duration.ofHours(23)); // 2030-03-02T11:00
    String day2 = createAndSend(TO, "day 2");
    clock.advance(Duration.ofHours(13)); // 2030-03-03T00:00
    String day3 = createAndSend(TO, "day 3");
    String queued = create(TO, "not sent yet");

    // the SDK's setDateSentAfter/Before send DateSent> / DateSent< with a time, which only the day counts of
    assertThat(sids(listOk(params("DateSent>", "2030-03-02T23:59:59")))).containsExactly(day3, day2);
    assertThat(sids(listOk(params("DateSent<", "2030-03-02T00:00:00")))).containsExactly(day2, day1);
    assertThat(sids(listOk(params("DateSent", "2030-03-02")))).containsExactly(day2);
    assertThat(sids(listOk(params("DateSent>", "2030-03-02", "DateSent<", "2030-03-02")))).containsExactly(day2);
    assertThat(sids(listOk(params("DateSent>", "2030-03-04")))).isEmpty();
    // no date filter: the message not sent yet is listed, first
    assertThat(sids(listOk(params("To", TO)))).containsExactly(queued, day3, day2, day1);
    assertThat(stub.listMessages(TO, null, null, null, LocalDate.parse("2030-03-03"))).extracting(StubMessage::sid)
        .containsExactly(day3);
  }

  @Test
  void dateSentGreaterOrEqualAsTwilioDocumentsItIsUnderstoodToo() throws Exception {
    createAndSend(TO, "old");
    clock.advance(Duration.ofDays(1));
    String recent = createAndSend(TO, "recent");

    // curl 'https://api.twilio.com/…/Messages.json?DateSent>=2030-03-02'
    HttpResponse<String> response =
        send(authorized(HttpRequest.newBuilder(apiUri("/Messages.json?DateSent%3E=2030-03-02"))).GET());

    assertThat(sids(json.readTree(response.body()))).containsExactly(recent);
  }

  @Test
  void pagesFollowNextPageUriToTheEndAndBack() throws Exception {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      created.add(0, createAndSend(TO, "message " + i)); // newest first
      clock.advance(Duration.ofSeconds(1));
    }

    JsonNode page0 = listOk(params("To", TO, "DateSent>", "2030-03-01T00:00:00", "PageSize", "3"));
    assertThat(sids(page0)).containsExactlyElementsOf(created.subList(0, 3));
    assertThat(page0.get("next_page_uri").asString())
        .contains("DateSent%3E=2030-03-01T00%3A00%3A00")
        .contains("PageSize=3")
        .contains("Page=1")
        .contains("PageToken=PA" + created.get(2));

    JsonNode page1 = follow(page0.get("next_page_uri").asString());
    assertThat(sids(page1)).containsExactlyElementsOf(created.subList(3, 6));
    assertThat(page1.get("page").asInt()).isEqualTo(1);
    assertThat(page1.get("start").asInt()).isEqualTo(3);
    assertThat(page1.get("end").asInt()).isEqualTo(5);

    JsonNode page2 = follow(page1.get("next_page_uri").asString());
    assertThat(sids(page2)).containsExactly(created.get(6));
    assertThat(page2.get("next_page_uri").isNull()).isTrue();

    JsonNode back = follow(page2.get("previous_page_uri").asString());
    assertThat(sids(back)).containsExactlyElementsOf(created.subList(3, 6));
    JsonNode first = follow(page2.get("first_page_uri").asString());
    assertThat(sids(first)).containsExactlyElementsOf(created.subList(0, 3));
  }

  @Test
  void pageTokenKeepsItsPlaceWhenNewMessagesArriveBetweenPages() throws Exception {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      created.add(0, create(TO, "message " + i));
      clock.advance(Duration.ofSeconds(1));
    }
    JsonNode page0 = listOk(params("To", TO, "PageSize", "2"));
    create(TO, "arrived while paging");

    JsonNode page1 = follow(page0.get("next_page_uri").asString());

    assertThat(sids(page0)).containsExactlyElementsOf(created.subList(0, 2));
    assertThat(sids(page1)).containsExactlyElementsOf(created.subList(2, 4));
  }

  @Test
  void listNeedsCredentialsAndTakesInjectedFailures() throws Exception {
    create(TO, "x");
    HttpResponse<String> unauthorized =
        send(
            HttpRequest.newBuilder(apiUri("/Messages.json"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (stub.accountSid() + ":wrong").getBytes(StandardCharsets.UTF_8)))
                .GET());
    assertThat(unauthorized.statusCode()).isEqualTo(401);
    assertThat(json.readTree(unauthorized.body()).get("code").asInt()).isEqualTo(20003);

    stub.failNext(1, 503, 20503, "Service Unavailable");
    HttpResponse<String> unavailable = list(params("To", TO));
    assertThat(unavailable.statusCode()).isEqualTo(503);
    assertThat(json.readTree(unavailable.body()).get("code").asInt()).isEqualTo(20503);
    assertThat(list(params("To", TO)).statusCode()).isEqualTo(200);
  }

  @Test
  void malformedDatesAndPageParametersAre400() throws Exception {
    for (Map<String, String> bad :
        List.of(
            params("DateSent>", "yesterday"),
            params("DateSent", "2030-13-01"),
            params("PageSize", "0"),
            params("PageSize", "1001"),
            params("Page", "-1"))) {
      HttpResponse<String> response = list(bad);
      assertThat(response.statusCode()).as(bad.toString()).isEqualTo(400);
      assertThat(json.readTree(response.body()).get("code").asInt()).isEqualTo(20001);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private String create(String to, String body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        send(
            authorized(HttpRequest.newBuilder(apiUri("/Messages.json")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(query(params("To", to, "From", FROM, "Body", body)))));
    assertThat(response.statusCode()).isEqualTo(201);
    return json.readTree(response.body()).get("sid").asString();
  }

  /** Created and gone out to the carrier now: {@code date_sent} is the clock's time. */
  private String createAndSend(String to, String body) throws IOException, InterruptedException {
    String sid = create(to, body);
    stub.updateStatus(sid, "sent", null);
    return sid;
  }

  private HttpResponse<String> list(Map<String, String> params) throws IOException, InterruptedException {
    String query = query(params);
    return send(authorized(HttpRequest.newBuilder(apiUri("/Messages.json" + (query.isEmpty() ? "" : "?" + query)))).GET());
  }

  private JsonNode listOk(Map<String, String> params) throws IOException, InterruptedException {
    HttpResponse<String> response = list(params);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private JsonNode follow(String uri) throws IOException, InterruptedException {
    HttpResponse<String> response = send(authorized(HttpRequest.newBuilder(URI.create(stub.baseUrl() + uri))).GET());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private static List<String> sids(JsonNode page) {
    List<String> sids = new ArrayList<>();
    page.get("messages").forEach(m -> sids.add(m.get("sid").asString()));
    return sids;
  }

  private static Map<String, String> params(String... keyValues) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      params.put(keyValues[i], keyValues[i + 1]);
    }
    return params;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI apiUri(String tail) {
    return URI.create(stub.baseUrl() + "/2010-04-01/Accounts/" + stub.accountSid() + tail);
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
    return builder.header(
        "Authorization",
        "Basic " + Base64.getEncoder().encodeToString(
            (stub.accountSid() + ":" + stub.authToken()).getBytes(StandardCharsets.UTF_8)));
  }

  private static String query(Map<String, String> params) {
    StringBuilder query = new StringBuilder();
    params.forEach(
        (k, v) ->
            query.append(query.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return query.toString();
  }
}
