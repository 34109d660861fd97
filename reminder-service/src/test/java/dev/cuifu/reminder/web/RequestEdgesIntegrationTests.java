package dev.cuifu.reminder.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.cuifu.reminder.ReminderIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** What the service answers to requests that are too large, malformed or unauthenticated, before any work. */
class RequestEdgesIntegrationTests extends ReminderIntegrationTest {

  @Autowired MockMvcTester mvc;

  @Test
  void aBodyDeclaredAboveTheLimitIsRefusedWithoutBeingRead() throws IOException {
    // 300 MB announced, 64 KB sent: the answer can only come before the body was read
    String head =
        "POST /api/v1/opt-outs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: 314572800\r\n\r\n";
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), PORT)) {
      socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[64 * 1024]);
      out.flush();

      String answer = readAnswer(socket.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 413");
      assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
      assertThat(answer).contains("\"status\":413");
    }
  }

  @Test
  void aChunkedBodyAboveTheLimitIsRefused() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), PORT)) {
      socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
      OutputStream out = socket.getOutputStream();
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                try {
                  out.write(
                      ("POST /api/v1/opt-outs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                              + "Transfer-Encoding: chunked\r\n\r\n")
                          .getBytes(StandardCharsets.US_ASCII));
                  byte[] chunk = new byte[64 * 1024];
                  for (int i = 0; i < 66; i++) { // 4.125 MB, over the 4 MB default
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                  }
                  out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                } catch (IOException e) {
                  // the server may close once it has answered
                }
              });

      assertThat(readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 413");
      sending.get();
    }
  }

  @Test
  void aBadBodyWithoutAnApiKeyIsUnauthorizedNotInvalid() {
    for (String path : new String[] {"/api/v1/opt-outs", "/api/v1/buyers/history", "/api/v1/scripts"}) {
      assertThat(mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content("{\"not json")))
          .as(path)
          .hasStatus(HttpStatus.UNAUTHORIZED)
          .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
      assertThat(
              mvc.perform(
                  post(path).header("X-Api-Key", "cf_nobody").contentType(MediaType.APPLICATION_JSON).content("{}")))
          .as(path + " with an unknown key")
          .hasStatus(HttpStatus.UNAUTHORIZED);
    }
  }

  @Test
  void aNulCharacterInATextFieldIsA400NamingTheField() {
    String shop = newShop();
    String key = dev.cuifu.reminder.ReminderTestSupport.apiKey(shop);
    String nul = "\\u0000"; // as JSON writes it
    String[][] cases = {
      {"/api/v1/opt-outs", "{\"channel\": \"SMS\", \"phone\": \"+8613800138000\", \"reason\": \"a" + nul + "b\"}", "reason"},
      {"/api/v1/agents",
        "{\"username\": \"nul-agent\", \"displayName\": \"小" + nul + "李\", \"password\": \"correct horse battery\", \"role\": \"AGENT\"}",
        "displayName"},
      {"/api/v1/scripts",
        "{\"name\": \"x" + nul + "\", \"channel\": \"sms\", \"locale\": \"zh-CN\", \"text\": \"您的订单{orderId}还未付款\"}",
        "name"},
      {"/api/v1/buyers/history", "{\"buyers\": [{\"buyerId\": \"b" + nul + "\", \"paidOrders\": 1}]}", "buyers[0].buyerId"},
      // a BEL would reach buyers' phones; an unpaired surrogate would be stored as '?'
      {"/api/v1/scripts",
        "{\"name\": \"bell\", \"channel\": \"sms\", \"locale\": \"zh-CN\", \"text\": \"您的订单{orderId}\\u0007还未付款\"}",
        "text"},
      {"/api/v1/opt-outs", "{\"channel\": \"SMS\", \"phone\": \"+8613800138000\", \"reason\": \"a\\ud800b\"}", "reason"}
    };
    for (String[] c : cases) {
      assertThat(mvc.perform(post(c[0]).header("X-Api-Key", key).contentType(MediaType.APPLICATION_JSON).content(c[1])))
          .as(c[0])
          .hasStatus(HttpStatus.BAD_REQUEST)
          .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .bodyJson()
          .satisfies(
              json -> {
                json.assertThat().extractingPath("$.errors[0].field").isEqualTo(c[2]);
                json.assertThat().extractingPath("$.errors[0].message").asString().contains("NUL");
              });
    }
  }

  @Test
  void requestsTomcatCannotDecodeAreAnsweredAsProblemJson() throws IOException {
    // the first four Tomcat refuses; the last three Spring Security's firewall (encoded dots, ';')
    for (String target :
        new String[] {"/%", "/api/v1/policy?a=%zz", "/agent/%zz", "/%00", "/api/v1/orders/%2e%2e/timeline",
          "/agent/%2e/tasks", "/api/v1/orders/a%3Bb/timeline"}) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), PORT)) {
        socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
        socket.getOutputStream()
            .write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        String answer = readAnswer(socket.getInputStream());
        assertThat(answer).as(target).startsWith("HTTP/1.1 4");
        assertThat(answer).as(target).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(answer).as(target).doesNotContain("<html", "Tomcat");
      }
    }
  }

  @Test
  void prometheusIsNotServedWithoutTheManagementTokenWhileProbesStayOpen() throws IOException {
    for (String target :
        new String[] {"/actuator/prometheus", "/actuator/health/../prometheus", "/actuator/health/%2e%2e/prometheus",
          "/actuator/metrics", "/actuator/prometheus;x=1"}) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), PORT)) {
        socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
        socket.getOutputStream()
            .write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        String answer = readAnswer(socket.getInputStream());
        assertThat(answer).as(target).doesNotStartWith("HTTP/1.1 200").doesNotContain("cuifu_", "jvm_");
      }
    }
    assertThat(mvc.get().uri("/actuator/prometheus").header("Authorization", "Bearer not-the-token-0123456789"))
        .hasStatus(HttpStatus.UNAUTHORIZED)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(
            mvc.get()
                .uri("/actuator/prometheus")
                .header("Authorization", "Bearer " + dev.cuifu.reminder.ReminderTestSupport.MANAGEMENT_TOKEN))
        .hasStatusOk();
    assertThat(mvc.get().uri("/actuator/health/liveness")).hasStatusOk();
    assertThat(mvc.get().uri("/actuator/health/readiness")).hasStatusOk();
  }

  /** The status line, headers and whatever of the body arrives before the server closes or 2 s pass. */
  static String readAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < until) {
      int n;
      try {
        n = in.read(buffer);
      } catch (java.net.SocketTimeoutException e) {
        break;
      }
      if (n < 0) {
        break;
      }
      answer.write(buffer, 0, n);
      String text = answer.toString(StandardCharsets.UTF_8);
      if (text.contains("\r\n\r\n") && text.endsWith("}")) {
        break;
      }
    }
    return answer.toString(StandardCharsets.UTF_8);
  }
}
