package dev.cuifu.testing.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain HTTP/1.1 requests to an app on loopback, exactly as a client sends them (no MockMvc, no
 * Spring client that would add or fix headers), and checks of the answers every edge test makes:
 * an RFC 9457 problem of the expected status and type, the security an OpenAPI operation declares.
 */
public final class HttpProbe {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final int port;

  public HttpProbe(int port) {
    this.port = port;
  }

  /** Sends {@code body} (none when null) with exactly {@code headers}. */
  public Answer send(String method, String path, Map<String, String> headers, String body) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.headers(), response.body());
  }

  /** An answer as it came. */
  public record Answer(int status, HttpHeaders headers, String body) {

    public JsonNode json() {
      return JSON.readTree(body);
    }

    /**
     * What keeps this answer from being a problem+json of {@code status} and {@code type} with a
     * title and a detail; empty when it is one.
     */
    public List<String> problemMismatches(int status, String type) {
      List<String> wrong = new ArrayList<>();
      if (this.status != status) {
        wrong.add("status " + this.status + ", not " + status);
      }
      String contentType = headers.firstValue("Content-Type").orElse("");
      if (!contentType.startsWith("application/problem+json")) {
        wrong.add("Content-Type '" + contentType + "'");
        return wrong;
      }
      JsonNode problem = json();
      if (!type.equals(text(problem, "type"))) {
        wrong.add("type " + text(problem, "type") + ", not " + type);
      }
      if (text(problem, "title").isBlank() || text(problem, "detail").isBlank()) {
        wrong.add("no title or no detail");
      }
      if (problem.path("status").asInt() != status) {
        wrong.add("status member " + problem.path("status"));
      }
      return wrong;
    }

    private static String text(JsonNode node, String field) {
      JsonNode value = node.get(field);
      return value == null || value.isNull() ? "" : value.asString();
    }
  }

  /** The names of the security schemes an operation of an OpenAPI document's {@code paths} requires. */
  public static Optional<List<String>> security(JsonNode paths, String path, String method) {
    JsonNode operation = paths.path(path).get(method);
    if (operation == null) {
      return Optional.empty();
    }
    JsonNode security = operation.get("security");
    return Optional.of(security == null ? List.of() : security.valueStream().flatMap(r -> r.propertyNames().stream()).toList());
  }
}
