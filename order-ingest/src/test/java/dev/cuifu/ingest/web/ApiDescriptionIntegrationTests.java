package dev.cuifu.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.ingest.IngestIntegrationTest;
import dev.cuifu.ingest.OrderIngestApplication;
import dev.cuifu.testing.http.HttpProbe;
import dev.cuifu.testing.http.HttpProbe.Answer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What a developer meets first, over real HTTP: an OpenAPI document that says what the service is
 * for and which credential each operation takes (so Swagger UI's Authorize works), and errors of
 * the framework itself (an empty or malformed body, a wrong type, a missing key, a method or body
 * type not taken, an unknown path) as problem+json with a type and a reason, never quoting what
 * was sent (issue 18). The same context as {@link RequestEdgesIntegrationTests}.
 */
@SpringBootTest(
    properties = "spring.config.name=" + OrderIngestApplication.CONFIG_NAME,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDescriptionIntegrationTests extends IngestIntegrationTest {

  /** Recognisable in any answer that would echo the request. */
  private static final String PHONE = "+8613912345678";

  private static final String PROBLEM_BASE = "https://cuifu.dev/problems/";


  @LocalServerPort int port;

  private String key;

  @BeforeEach
  void shop() throws Exception {
    key = createShop(newShopId());
  }

  @Test
  @DisplayName("rule: the OpenAPI document names the service, its version, what it is for and its credentials as security schemes")
  void theDocumentDescribesTheServiceAndItsCredentials() throws Exception {
    Answer answer = send("GET", "/v3/api-docs", Map.of(), null);
    assertThat(answer.status()).isEqualTo(200);
    JsonNode doc = answer.json();

    assertThat(doc.at("/info/title").asString()).isEqualTo("Cuifu order-ingest");
    assertThat(doc.at("/info/version").asString()).as("the project version").matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(doc.at("/info/description").asString())
        .contains("order events", "Kafka", "X-Api-Key", "operator token", "management token");

    JsonNode schemes = doc.at("/components/securitySchemes");
    assertThat(schemes.at("/apiKey/type").asString()).isEqualTo("apiKey");
    assertThat(schemes.at("/apiKey/in").asString()).isEqualTo("header");
    assertThat(schemes.at("/apiKey/name").asString()).isEqualTo("X-Api-Key");
    assertThat(schemes.at("/operatorToken/type").asString()).isEqualTo("http");
    assertThat(schemes.at("/operatorToken/scheme").asString()).isEqualTo("bearer");
    assertThat(schemes.at("/managementToken/scheme").asString()).isEqualTo("bearer");
  }

  @Test
  @DisplayName("rule: each operation requires the scheme its path is checked with")
  void eachOperationRequiresTheSchemeOfItsPath() throws Exception {
    JsonNode paths = send("GET", "/v3/api-docs", Map.of(), null).json().get("paths");
    assertThat(security(paths, "/api/v1/events", "post")).isEqualTo(List.of("apiKey"));
    assertThat(security(paths, "/api/v1/events/batch", "post")).isEqualTo(List.of("apiKey"));
    assertThat(security(paths, "/admin/v1/shops", "post")).isEqualTo(List.of("operatorToken"));
    assertThat(security(paths, "/admin/v1/shops/{shopId}/api-keys", "post")).isEqualTo(List.of("operatorToken"));
    assertThat(security(paths, "/admin/v1/shops/{shopId}/platforms/{platform}", "put")).isEqualTo(List.of("operatorToken"));
    // a platform's webhook proves itself by the platform's signature, not by a scheme of Cuifu's
    assertThat(security(paths, "/webhooks/v1/shopify", "post")).isEmpty();
    assertThat(security(paths, "/webhooks/v1/woocommerce", "post")).isEmpty();
    assertThat(security(paths, "/webhooks/v1/taobao", "post")).isEmpty();
    for (String platform : List.of("shopify", "woocommerce", "taobao")) {
      assertThat(paths.path("/webhooks/v1/" + platform).path("post").path("responses").propertyNames())
          .as("a webhook documents its answers").contains("200", "400", "401", "413", "503");
    }
    paths.forEachEntry(
        (path, item) -> assertThat(path).as("every operation is under a guarded prefix").matches("/(api|admin|webhooks)/.*"));
  }

  @Test
  @DisplayName("rule: an empty body says the body is empty")
  void anEmptyBodySaysSo() throws Exception {
    for (String path : new String[] {"/api/v1/events", "/api/v1/events/batch"}) {
      Answer answer = send("POST", path, Map.of("X-Api-Key", key, "Content-Type", "application/json"), "");
      assertProblem(answer, 400, "invalid-request", path);
      assertThat(answer.json().get("detail").asString()).as(path).startsWith("The request body is empty");
    }
    Answer answer = send("POST", "/admin/v1/shops", Map.of("Authorization", "Bearer " + OPERATOR_TOKEN, "Content-Type", "application/json"), "");
    assertProblem(answer, 400, "invalid-request", "create shop");
    assertThat(answer.json().get("detail").asString()).startsWith("The request body is empty");
  }

  @Test
  @DisplayName("rule: malformed JSON is answered with the line and column where it broke, never the body")
  void malformedJsonGivesLineAndColumnButNotTheBody() throws Exception {
    String broken = "{\"type\": \"OrderCreated\",\n \"buyerPhone\": \"" + PHONE + "\" oops-token}";
    Answer answer = send("POST", "/api/v1/events", Map.of("X-Api-Key", key, "Content-Type", "application/json"), broken);
    assertProblem(answer, 400, "invalid-request", "malformed");
    assertThat(answer.json().get("detail").asString()).startsWith("Malformed JSON at line 2, column");
    assertThat(answer.json().get("line").asInt()).isEqualTo(2);
    assertThat(answer.body()).doesNotContain("oops", "13912345678");
  }

  @Test
  @DisplayName("rule: a field of the wrong JSON type is named with the type it takes, never its value")
  void aWrongTypeNamesTheFieldAndTheTypeButNotTheValue() throws Exception {
    String body = IngestIntegrationTest.orderCreated("evt-1", "order-1").replace("12900", "{\"n\": \"" + PHONE + "\"}");
    Answer answer = send("POST", "/api/v1/events", Map.of("X-Api-Key", key, "Content-Type", "application/json"), body);
    assertProblem(answer, 400, "invalid-request", "wrong type");
    assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo("amount.minor");
    assertThat(answer.json().at("/errors/0/message").asString()).contains("expected a number");
    assertThat(answer.body()).doesNotContain("13912345678");

    body = IngestIntegrationTest.orderCreated("evt-1", "order-1").replace("\"OrderCreated\"", "\"" + PHONE + "\"");
    answer = send("POST", "/api/v1/events", Map.of("X-Api-Key", key, "Content-Type", "application/json"), body);
    assertProblem(answer, 400, "invalid-request", "unknown type");
    assertThat(answer.json().at("/errors/0/field").asString()).isEqualTo("type");
    assertThat(answer.body()).doesNotContain("13912345678");
  }

  @Test
  @DisplayName("rule: a missing credential header is a 401 problem with a type and the header to send")
  void aMissingCredentialIsATypedProblem() throws Exception {
    Answer answer = send("POST", "/api/v1/events", Map.of("Content-Type", "application/json"), "{}");
    assertProblem(answer, 401, "unauthorized", "no key");
    assertThat(answer.json().get("detail").asString()).contains("X-Api-Key");
    answer = send("GET", "/admin/v1/shops/x", Map.of(), null);
    assertProblem(answer, 401, "unauthorized", "no operator token");
    assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
  }

  @Test
  @DisplayName("rule: a method, a body type or an answer type an operation does not take is a typed problem naming what it takes")
  void methodAndMediaTypeRefusalsNameWhatIsTaken() throws Exception {
    Answer answer = send("DELETE", "/api/v1/events", Map.of("X-Api-Key", key), null);
    assertProblem(answer, 405, "method-not-allowed", "DELETE events");
    assertThat(answer.json().get("detail").asString()).contains("POST").doesNotContain("DELETE");
    assertThat(answer.headers().firstValue("Allow")).hasValue("POST");

    answer = send("POST", "/api/v1/events", Map.of("X-Api-Key", key, "Content-Type", "text/plain"), PHONE);
    assertProblem(answer, 415, "unsupported-media-type", "text/plain events");
    assertThat(answer.json().get("detail").asString()).contains("application/json");
    assertThat(answer.body()).doesNotContain("13912345678");

    answer = send("POST", "/api/v1/events", Map.of("X-Api-Key", key, "Content-Type", "application/json", "Accept", "text/csv"),
        IngestIntegrationTest.orderCreated("evt-csv", "order-csv"));
    assertProblem(answer, 406, "not-acceptable", "Accept text/csv");
    assertThat(answer.json().get("detail").asString()).contains("application/json");
  }

  @Test
  @DisplayName("rule: an unknown path is a 404 problem that does not quote the path")
  void anUnknownPathIsAProblemWithoutThePath() throws Exception {
    for (String path : new String[] {"/api/v1/nothing/" + PHONE, "/" + PHONE}) {
      Answer answer = send("GET", path, Map.of("X-Api-Key", key), null);
      assertProblem(answer, 404, "not-found", path);
      assertThat(answer.json().get("detail").asString()).as(path).contains("no resource at this path");
      assertThat(answer.body()).as(path).doesNotContain("13912345678");
    }
  }

  private static List<String> security(JsonNode paths, String path, String method) {
    return HttpProbe.security(paths, path, method).orElseThrow(() -> new AssertionError("no operation " + method + " " + path));
  }

  private static void assertProblem(Answer answer, int status, String type, String what) {
    assertThat(answer.problemMismatches(status, PROBLEM_BASE + type)).as(what + ": " + answer.body()).isEmpty();
  }

  private Answer send(String method, String path, Map<String, String> headers, String body)
      throws IOException, InterruptedException {
    return new HttpProbe(port).send(method, path, headers, body);
  }
}
