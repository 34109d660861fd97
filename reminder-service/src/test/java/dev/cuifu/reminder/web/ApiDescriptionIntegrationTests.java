package dev.cuifu.reminder.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.reminder.ReminderIntegrationTest;
import dev.cuifu.reminder.ReminderTestSupport;
import dev.cuifu.reminder.security.AgentTestSupport;
import dev.cuifu.testing.http.HttpProbe;
import dev.cuifu.testing.http.HttpProbe.Answer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;

/**
 * What a developer meets first, over real HTTP: an OpenAPI document that says what the service is
 * for and which credential each operation takes (so Swagger UI's Authorize works), and errors of
 * the framework itself (an empty or malformed body, a wrong type, a missing key, a method or body
 * type not taken, an unknown path) as problem+json with a type and a reason, never quoting what
 * was sent (issue 18).
 */
class ApiDescriptionIntegrationTests extends ReminderIntegrationTest {

  /** Recognisable in any answer that would echo the request. */
  private static final String PHONE = "+8613912345678";

  private static final String PROBLEM_BASE = "https://cuifu.dev/problems/";


  @Autowired MockMvcTester mvc;

  private String key;

  @BeforeEach
  void shop() {
    shopId = newShop();
    key = ReminderTestSupport.apiKey(shopId);
  }

  @Test
  @DisplayName("rule: the OpenAPI document names the service, its version, what it is for and its credentials as security schemes")
  void theDocumentDescribesTheServiceAndItsCredentials() throws Exception {
    Answer answer = send("GET", "/v3/api-docs", Map.of(), null);
    assertThat(answer.status()).isEqualTo(200);
    JsonNode doc = answer.json();

    assertThat(doc.at("/info/title").asString()).isEqualTo("Cuifu reminder-service");
    assertThat(doc.at("/info/version").asString()).as("the project version").matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(doc.at("/info/description").asString())
        .contains("unpaid", "X-Api-Key", "HTTP Basic", "X-Requested-With", "management token");

    JsonNode schemes = doc.at("/components/securitySchemes");
    assertThat(schemes.at("/apiKey/type").asString()).isEqualTo("apiKey");
    assertThat(schemes.at("/apiKey/in").asString()).isEqualTo("header");
    assertThat(schemes.at("/apiKey/name").asString()).isEqualTo("X-Api-Key");
    assertThat(schemes.at("/agentBasic/type").asString()).as("the agents' sign-in is HTTP Basic").isEqualTo("http");
    assertThat(schemes.at("/agentBasic/scheme").asString()).isEqualTo("basic");
    assertThat(schemes.at("/managementToken/scheme").asString()).isEqualTo("bearer");
  }

  @Test
  @DisplayName("rule: each operation requires the scheme its path is checked with; Twilio's webhooks require none a person could enter")
  void eachOperationRequiresTheSchemeOfItsPath() throws Exception {
    JsonNode paths = send("GET", "/v3/api-docs", Map.of(), null).json().get("paths");

    assertThat(security(paths, "/api/v1/policy", "put")).isEqualTo(List.of("apiKey"));
    assertThat(security(paths, "/api/v1/opt-outs", "post")).isEqualTo(List.of("apiKey"));
    assertThat(security(paths, "/agent/tasks", "get")).isEqualTo(List.of("agentBasic"));
    assertThat(security(paths, "/agent/agents", "post")).isEqualTo(List.of("agentBasic"));
    assertThat(security(paths, "/dashboard/api/overview", "get")).isEqualTo(List.of("agentBasic"));
    assertThat(security(paths, "/twilio/status", "post")).as("public: Twilio signs it").isEmpty();
    assertThat(security(paths, "/twilio/inbound", "post")).isEmpty();
    // the key is entered once with Authorize, not as a parameter of each operation
    assertThat(paths.at("/~1api~1v1~1policy/get/parameters").toString()).doesNotContain("X-Api-Key");
    // a write under /agent needs the cross-site header: declared, so Swagger UI's "Try it out" sends it
    assertThat(paths.at("/~1agent~1agents/post/parameters").toString()).contains("X-Requested-With", "XMLHttpRequest");
    assertThat(paths.at("/~1agent~1tasks/get/parameters").toString()).doesNotContain("X-Requested-With");
    // the backtest: the shop's key on the API, the admin's sign-in (and the cross-site header) on the dashboard's route
    assertThat(security(paths, "/api/v1/backtests", "post")).isEqualTo(List.of("apiKey"));
    assertThat(security(paths, "/dashboard/api/backtests", "post")).isEqualTo(List.of("agentBasic"));
    assertThat(paths.at("/~1dashboard~1api~1backtests/post/parameters").toString()).contains("X-Requested-With");
    assertThat(security(paths, "/dashboard/api/policy", "get")).isEqualTo(List.of("agentBasic"));
  }

  @Test
  @DisplayName("rule: a backtest report's sends per hour are documented: 24 counts per channel in the policy's zone")
  void theBacktestsSendsPerHourAreDocumented() throws Exception {
    JsonNode schemas = send("GET", "/v3/api-docs", Map.of(), null).json().at("/components/schemas");
    assertThat(schemas.at("/BacktestReport/properties/sendsByHour").toString()).contains("per hour of day");
    JsonNode hours = schemas.at("/BacktestSendsByHour/properties");
    assertThat(hours.at("/timeZone/description").asString()).contains("quiet hours");
    assertThat(hours.at("/sms").toString()).contains("sum to smsMessages");
    assertThat(hours.at("/chat").toString()).contains("chatMessages");
    assertThat(hours.at("/phone").toString()).contains("phoneTasks");
  }

  @Test
  @DisplayName("rule: an empty body where a JSON body is required says the body is empty, on every such operation")
  void anEmptyBodySaysSo() throws Exception {
    for (String[] target : new String[][] {
      {"PUT", "/api/v1/policy"}, {"PUT", "/api/v1/scripts/settings"}, {"POST", "/api/v1/scripts"},
      {"POST", "/api/v1/opt-outs"}, {"POST", "/api/v1/experiments"}, {"POST", "/api/v1/agents"}
    }) {
      Answer answer = send(target[0], target[1], Map.of("X-Api-Key", key, "Content-Type", "application/json"), "");
      assertProblem(answer, 400, "invalid-request", target[0] + " " + target[1]);
      assertThat(answer.json().get("detail").asString())
          .as(target[1])
          .startsWith("The request body is empty")
          .doesNotContain("is invalid", "Failed to read request");
    }
  }

  @Test
  @DisplayName("rule: malformed JSON is answered with the line and column where it broke, never the body")
  void malformedJsonGivesLineAndColumnButNotTheBody() throws Exception {
    String broken = "{\n  \"locale\": \"" + PHONE + "\" oops-token}";
    for (String path : new String[] {"/api/v1/policy", "/api/v1/scripts/settings"}) {
      Answer answer = send("PUT", path, Map.of("X-Api-Key", key, "Content-Type", "application/json"), broken);
      assertProblem(answer, 400, "invalid-request", path);
      assertThat(answer.json().get("detail").asString()).as(path).contains("Malformed JSON at line 2, column");
      assertThat(answer.body()).as(path).doesNotContain("oops", "13912345678", "5678\"");
    }
  }

  @Test
  @DisplayName("rule: a field of the wrong JSON type is named with the type it takes, never its value")
  void aWrongTypeNamesTheFieldAndTheTypeButNotTheValue() throws Exception {
    Answer answer = send("PUT", "/api/v1/scripts/settings", Map.of("X-Api-Key", key, "Content-Type", "application/json"),
        "{\"locale\": \"zh-CN\", \"smsMaxSegments\": {\"value\": \"" + PHONE + "\"}}");
    assertProblem(answer, 400, "invalid-request", "settings");
    assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo("smsMaxSegments");
    assertThat(answer.json().at("/errors/0/message").asString()).contains("wrong type", "whole number");
    assertThat(answer.body()).doesNotContain("13912345678");

    answer = send("POST", "/api/v1/opt-outs", Map.of("X-Api-Key", key, "Content-Type", "application/json"),
        "{\"channel\": \"SMS\", \"phone\": {\"number\": \"" + PHONE + "\"}}");
    assertProblem(answer, 400, "invalid-request", "opt-out");
    assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo("phone");
    assertThat(answer.json().at("/errors/0/message").asString()).contains("expected a string");
    assertThat(answer.body()).doesNotContain("13912345678");
  }

  @Test
  @DisplayName("rule: a missing or unknown API key is a 401 problem with a type and the header to send")
  void aMissingApiKeyIsATypedProblem() throws Exception {
    for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("X-Api-Key", "cf_" + PHONE))) {
      Answer answer = send("GET", "/api/v1/policy", headers, null);
      assertProblem(answer, 401, "unauthorized", headers.toString());
      assertThat(answer.json().get("detail").asString()).contains("X-Api-Key");
      assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("X-Api-Key");
      assertThat(answer.body()).doesNotContain("13912345678");
    }
  }

  @Test
  @DisplayName("rule: a method or a body type an operation does not take is a typed problem naming what it takes")
  void methodAndMediaTypeRefusalsNameWhatIsTaken() throws Exception {
    Answer answer = send("DELETE", "/api/v1/policy", Map.of("X-Api-Key", key), null);
    assertProblem(answer, 405, "method-not-allowed", "DELETE policy");
    assertThat(answer.json().get("detail").asString()).contains("GET, PUT");
    assertThat(answer.headers().firstValue("Allow").orElse("")).contains("GET", "PUT");

    answer = send("PUT", "/api/v1/policy", Map.of("X-Api-Key", key, "Content-Type", "text/plain"), PHONE);
    assertProblem(answer, 415, "unsupported-media-type", "text/plain policy");
    assertThat(answer.json().get("detail").asString()).contains("application/json");
    assertThat(answer.body()).doesNotContain("13912345678");
  }

  @Test
  @DisplayName("rule: an unknown path is a 404 problem that does not quote the path")
  void anUnknownPathIsAProblemWithoutThePath() throws Exception {
    for (String path : new String[] {"/api/v1/nothing/" + PHONE, "/nothing/" + PHONE, "/" + PHONE}) {
      Answer answer = send("GET", path, Map.of("X-Api-Key", key), null);
      assertProblem(answer, 404, "not-found", path);
      assertThat(answer.json().get("detail").asString()).as(path).contains("no resource at this path");
      assertThat(answer.body()).as(path).doesNotContain("13912345678");
    }
  }

  @Test
  @DisplayName("rule: the features' own 404 and 409 are typed problems too (opt-out, agent)")
  void featureRefusalsAreTypedProblems() throws Exception {
    Answer answer = send("DELETE", "/api/v1/opt-outs/SMS/%2B8613800138000", Map.of("X-Api-Key", key), null);
    assertProblem(answer, 404, "not-found", "opt-in of a phone not opted out");
    assertThat(answer.json().get("detail").asString()).contains("not opted out");

    String admin = AgentTestSupport.createAgent(mvc, shopId, "SHOP_ADMIN");
    Map<String, String> asAdmin = Map.of("Authorization", AgentTestSupport.basic(admin), "X-Requested-With", "XMLHttpRequest");
    answer = send("POST", "/agent/agents/nobody-" + shopId + "/disable", asAdmin, null);
    assertProblem(answer, 404, "agent-not-found", "disable an unknown agent");
    answer = send("POST", "/agent/agents/" + admin + "/disable", asAdmin, null);
    assertProblem(answer, 409, "agent-self-disable", "disable oneself");
    answer = send("POST", "/api/v1/agents", Map.of("X-Api-Key", key, "Content-Type", "application/json"),
        "{\"username\": \"" + admin + "\", \"displayName\": \"x\", \"password\": \"" + AgentTestSupport.PASSWORD + "\", \"role\": \"AGENT\"}");
    assertProblem(answer, 409, "username-taken", "a taken username");
  }

  private static List<String> security(JsonNode paths, String path, String method) {
    return HttpProbe.security(paths, path, method).orElseThrow(() -> new AssertionError("no operation " + method + " " + path));
  }

  private static void assertProblem(Answer answer, int status, String type, String what) {
    assertThat(answer.problemMismatches(status, PROBLEM_BASE + type)).as(what + ": " + answer.body()).isEmpty();
  }

  private Answer send(String method, String path, Map<String, String> headers, String body)
      throws IOException, InterruptedException {
    return new HttpProbe(PORT).send(method, path, headers, body);
  }
}
