package dev.cuifu.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cuifu.ingest.IngestIntegrationTest;
import dev.cuifu.ingest.OrderIngestApplication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** What order-ingest answers on the real server to requests it cannot decode or store. */
@SpringBootTest(
    properties = "spring.config.name=" + OrderIngestApplication.CONFIG_NAME,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestEdgesIntegrationTests extends IngestIntegrationTest {

  @LocalServerPort int port;

  @Test
  void requestsTomcatCannotDecodeAreAnsweredAsProblemJson() throws IOException {
    for (String target : new String[] {"/%", "/api/v1/events?a=%zz", "/%00"}) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream()
            .write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        String answer = readAll(socket.getInputStream());
        assertThat(answer).as(target).startsWith("HTTP/1.1 4");
        assertThat(answer).as(target).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(answer).as(target).doesNotContain("<html", "Tomcat");
      }
    }
  }

  @Test
  void aNulCharacterInTheShopNameIsA400NamingTheField() throws Exception {
    mvc.perform(
            post("/admin/v1/shops")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                    {"shopId": "%s", "name": "Nul\\u0000Shop", "smsDelay": "PT10S", "smsFrom": "+15005550006"}
                    """
                        .formatted(newShopId())))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("name"));
  }

  @Test
  void anEmptyBodyIsA400SayingSo() throws Exception {
    String key = createShop(newShopId());
    postEvent(key, "")
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("The request body is empty")));
    postBatch(key, "").andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("The request body is empty")));
    mvc.perform(post("/admin/v1/shops").header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN)
            .contentType(MediaType.APPLICATION_JSON))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("The request body is empty")));
  }

  @Test
  void aWildcardContentTypeIsA415NamingTheTypeToSend() throws Exception {
    String shopId = newShopId();
    createShop(shopId);
    mvc.perform(post("/admin/v1/shops/" + shopId + "/api-keys").header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN)
            .header(HttpHeaders.CONTENT_TYPE, "*/*").content("{}"))
        .andExpect(status().isUnsupportedMediaType())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("application/json")));
  }

  @Test
  void traceAndUndecodableParametersAreProblemJson() throws IOException {
    String[][] cases = {
      {"TRACE /api/v1/events", "HTTP/1.1 405"},
      {"GET /admin/v1/shops/x/api-keys?limit=1&=1", "HTTP/1.1 400"},
      {"GET /admin/v1/shops/x/api-keys?a=%C3%28", "HTTP/1.1 400"}
    };
    for (String[] c : cases) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        socket.setSoTimeout(10_000);
        socket.getOutputStream()
            .write((c[0] + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String answer = readAll(socket.getInputStream());
        assertThat(answer).as(c[0]).startsWith(c[1]);
        assertThat(answer).as(c[0]).containsIgnoringCase("Content-Type: application/problem+json").doesNotContain("\"timestamp\"");
      }
    }
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void aHeaderOverTheLimitIsAProblemJsonWithoutAStackTraceInTheLog(CapturedOutput log) throws IOException {
    String signature = "A".repeat(10 * 1024);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream()
          .write(("POST /webhooks/v1/shopify HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                  + "Content-Type: application/json\r\nX-Shopify-Hmac-Sha256: " + signature + "\r\nContent-Length: 2\r\n\r\n{}")
              .getBytes(StandardCharsets.US_ASCII));
      String answer = readAll(socket.getInputStream());
      assertThat(answer).matches("(?s)HTTP/1.1 4(00|31) .*");
      assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json").doesNotContain("<html", "Tomcat");
      assertThat(answer).contains("header");
    }
    assertThat(log.getAll()).as("no stack trace for a client's oversized header").doesNotContain("\tat org.apache");
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    in.transferTo(answer);
    return answer.toString(StandardCharsets.UTF_8);
  }
}
