package dev.cuifu.reminder.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import dev.cuifu.reminder.ReminderIntegrationTest;
import dev.cuifu.reminder.ReminderTestSupport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Requests an OpenAPI fuzzer found answered with a 500, a plain JSON error or a 400 that named
 * nothing (issue 20): each is a problem+json that says which field or what is wrong.
 */
class ClientErrorsIntegrationTests extends ReminderIntegrationTest {

  @Autowired MockMvcTester mvc;

  @Test
  void parametersThatCannotBeDecodedAreA400NotA500() throws IOException {
    String key = ReminderTestSupport.apiKey(newShop());
    String[] targets = {
      "GET /api/v1/scripts?a=%ZZ", "GET /api/v1/phone-tasks?limit=10&=1", "GET /api/v1/opt-outs?after=%C3%28",
      "GET /api/v1/metrics/daily?from=%ZZ", "GET /dashboard/api/overview?%C3%28=1"
    };
    for (String target : targets) {
      String answer = send(target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: " + key + "\r\nConnection: close\r\n\r\n");
      assertThat(answer).as(target).startsWith("HTTP/1.1 400");
      assertThat(answer).as(target).containsIgnoringCase("Content-Type: application/problem+json");
      assertThat(answer).as(target).contains("The query string/form is not valid");
    }
    String form = "MessageSid=SM1&%ZZ=%";
    String answer = send("POST /twilio/status HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: " + form.length() + "\r\nConnection: close\r\n\r\n" + form);
    assertThat(answer).startsWith("HTTP/1.1 400").contains("The query string/form is not valid");
    // decoded, but a name Spring Security's firewall refuses when the Twilio signature check reads it
    form = "MessageSid=SM1&MessageStatus=delivered";
    answer = send("POST /twilio/status?%00=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: " + form.length() + "\r\nConnection: close\r\n\r\n" + form);
    assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/problem+json")
        .contains("not accepted");
  }

  @Test
  void aWildcardContentTypeIsA415NamingTheTypeToSend() {
    String key = ReminderTestSupport.apiKey(newShop());
    MockHttpServletRequestBuilder[] requests = {
      put("/api/v1/sms/twilio-account"), post("/api/v1/opt-outs"), post("/api/v1/buyers/history"), post("/api/v1/scripts")
    };
    for (MockHttpServletRequestBuilder request : requests) {
      assertThat(mvc.perform(request.header("X-Api-Key", key).header("Content-Type", "*/*").content("{}")))
          .hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
          .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .bodyJson()
          .extractingPath("$.detail")
          .asString()
          .contains("application/json");
    }
    // a body type the operation does not take names the one it does
    assertThat(mvc.perform(post("/api/v1/opt-outs").header("X-Api-Key", key).contentType(MediaType.APPLICATION_XML).content("<a/>")))
        .hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
        .bodyJson()
        .extractingPath("$.detail")
        .asString()
        .contains("application/json");
  }

  @Test
  void traceAndUnknownMethodsAre405ProblemJson() throws IOException {
    for (String method : new String[] {"TRACE", "FUZZ"}) {
      String answer = send(method + " /api/v1/policy HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      assertThat(answer).as(method).startsWith("HTTP/1.1 405");
      assertThat(answer).as(method).containsIgnoringCase("Content-Type: application/problem+json");
      assertThat(answer).as(method).containsIgnoringCase("Allow:").contains("method").doesNotContain("\"timestamp\"");
    }
  }

  @Test
  void theErrorPageAskedForDirectlyIsA404AndNoOperation() {
    assertThat(mvc.get().uri("/error")).hasStatus(HttpStatus.NOT_FOUND).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(mvc.get().uri("/v3/api-docs")).hasStatusOk().bodyText().doesNotContain("\"/error\"");
  }

  @Test
  void aBodyThatCannotBeReadNamesTheFieldAndTheReasonButNotTheValue() {
    String key = ReminderTestSupport.apiKey(newShop());
    // {body, the field named (or null), what the detail says}
    String[][] cases = {
      {"{\"buyers\":[{\"buyerId\":\"b\",\"paidOrders\":\"secret-value\"}]}", "buyers[0].paidOrders", "wrong type"},
      {"{\"buyers\":[{\"buyerId\":\"b\",\"paidOrders\":9223372036854775808}]}", "buyers[0].paidOrders", "out of range"},
      {"{\"buyers\":[{\"buyerId\":\"b\",\"paidOrders\":1e308}]}", "buyers[0].paidOrders", "out of range"},
      {"{\"buyers\":{}}", "buyers", "wrong type"},
      {"[]", "$", "wrong type"},
      {"{\"buyers\":[{\"buyerId\":\"secret-value", null, "line 1, column"},
      {"{\"buyers\":[{\"buyerId\":\"a\u0007b\",\"paidOrders\":1}]}", null, "control character"},
      {"{\"buyers\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}", "buyers[0]", "wrong type"},
      {"{\"buyers\":[{\"buyerId\":\"b\",\"paidOrders\":1" + "0".repeat(2_000) + "}]}", null, "number that is too long"},
      {"", null, "empty"},
    };
    for (String[] c : cases) {
      var json =
          assertThat(mvc.perform(post("/api/v1/buyers/history").header("X-Api-Key", key).contentType(MediaType.APPLICATION_JSON).content(c[0])))
              .as(c[0].length() > 80 ? c[0].substring(0, 80) : c[0])
              .hasStatus(HttpStatus.BAD_REQUEST)
              .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
              .bodyJson();
      json.extractingPath("$.detail").asString().contains(c[2]).doesNotContain("secret-value", "Failed to read request");
      if (c[1] != null) {
        json.extractingPath("$.errors[0].field").isEqualTo(c[1]);
      }
    }
    byte[] notUtf8 = "{\"buyers\":[{\"buyerId\":\"\u00ff\",\"paidOrders\":1}]}".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(mvc.perform(post("/api/v1/buyers/history").header("X-Api-Key", key).contentType(MediaType.APPLICATION_JSON).content(notUtf8)))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .extractingPath("$.detail")
        .asString()
        .contains("UTF-8");
    assertThat(mvc.perform(post("/api/v1/experiments").header("X-Api-Key", key).contentType(MediaType.APPLICATION_JSON)
            .content("{\"seed\": 9223372036854775808}")))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .extractingPath("$.errors[0].field")
        .isEqualTo("seed");
  }

  @Test
  void aPathVariableOfTheWrongTypeIsNamedWithTheTypeButNotTheValue() {
    String key = ReminderTestSupport.apiKey(newShop());
    for (String id : new String[] {"secret-value", "9".repeat(400)}) {
      assertThat(mvc.get().uri("/api/v1/experiments/" + id).header("X-Api-Key", key))
          .hasStatus(HttpStatus.BAD_REQUEST)
          .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .bodyJson()
          .extractingPath("$.detail")
          .asString()
          .contains("'id' has the wrong type (expected a whole number")
          .doesNotContain("secret-value", "999999", "Failed to convert");
    }
  }

  @Test
  void anUnknownFieldIsRefusedAndNamed() {
    String key = ReminderTestSupport.apiKey(newShop());
    assertThat(mvc.perform(post("/api/v1/opt-outs").header("X-Api-Key", key).contentType(MediaType.APPLICATION_JSON)
            .content("{\"channel\": \"SMS\", \"phone\": \"+8613800138000\", \"x\": 1}")))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .satisfies(json -> {
          json.assertThat().extractingPath("$.errors[0].field").isEqualTo("x");
          json.assertThat().extractingPath("$.errors[0].message").asString().contains("not a known field");
        });
  }

  private static String send(String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), PORT)) {
      socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return RequestEdgesIntegrationTests.readAnswer(socket.getInputStream());
    }
  }
}
