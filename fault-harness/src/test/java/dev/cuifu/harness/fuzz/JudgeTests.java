package dev.cuifu.harness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JudgeTests {

  private static final String PROBLEM = "application/problem+json";

  @Test
  void aServerErrorOrASuccessWithoutCredentialsIsRefused() {
    assertThat(verdict(500, PROBLEM, "{\"title\":\"Internal error\",\"detail\":\"The request could not be processed.\"}", true))
        .isEqualTo("status 500");
    assertThat(verdict(503, PROBLEM, "{\"detail\":\"Kafka is unavailable\"}", true)).isEqualTo("status 503");
    assertThat(verdict(200, "application/json", "{}", false)).isEqualTo("status 200 without a valid credential");
    assertThat(verdict(201, "application/json", "{}", true)).isNull();
    assertThat(verdict(302, null, "", false)).isNull();
  }

  @Test
  void aClientErrorMustBeAProblemNamingAFieldOrAReason() {
    assertThat(verdict(400, PROBLEM, """
        {"title":"Invalid request","detail":"2 fields are invalid.","errors":[{"field":"buyerPhone","message":"must be E.164"}]}""", true))
        .isNull();
    assertThat(verdict(401, PROBLEM, "{\"title\":\"Unauthorized\",\"detail\":\"missing or unknown X-Api-Key header\"}", false)).isNull();
    assertThat(verdict(405, "application/problem+json;charset=UTF-8",
        "{\"title\":\"Method Not Allowed\",\"detail\":\"Method 'PATCH' is not supported.\"}", true)).isNull();
    assertThat(verdict(409, PROBLEM, "{\"title\":\"Username taken\"}", true)).as("a title of the service's own").isNull();
  }

  @Test
  void aStockSentenceOrAReasonPhraseAloneIsNotAReason() {
    assertThat(verdict(400, PROBLEM, "{\"title\":\"Bad Request\",\"detail\":\"Failed to read request\"}", true))
        .startsWith("status 400 problem names no field or reason");
    assertThat(verdict(404, PROBLEM, "{\"title\":\"Not Found\"}", true)).startsWith("status 404 problem names no field or reason");
    assertThat(verdict(400, PROBLEM, "{\"title\":\"Bad Request\",\"errors\":[{\"field\":\"\"}]}", true))
        .as("an error naming no field").startsWith("status 400 problem names no field or reason");
  }

  @Test
  void aClientErrorThatIsNotProblemJsonIsRefused() {
    assertThat(verdict(405, "application/json", "{\"status\":405,\"error\":\"Method Not Allowed\"}", true))
        .isEqualTo("status 405 is not application/problem+json (Content-Type application/json)");
    assertThat(verdict(400, "text/html", "<html>Bad Request</html>", true)).startsWith("status 400 is not application/problem+json");
    assertThat(verdict(400, null, "", true)).startsWith("status 400 is not application/problem+json");
    assertThat(verdict(400, PROBLEM, "not json", true)).isEqualTo("status 400 problem+json that is not JSON");
  }

  @Test
  void phoneNumbersInAReportAreMasked() {
    assertThat(Fuzzer.mask("buyer +86 138 0013 8000 and 13800138000 at 2026-12-07T00:15:23Z"))
        .isEqualTo("buyer +86138****8000 and 138****8000 at 2026-12-07T00:15:23Z");
  }

  private static String verdict(int status, String contentType, String body, boolean authenticated) {
    return Judge.verdict(status, contentType, body.getBytes(StandardCharsets.UTF_8), authenticated);
  }
}
