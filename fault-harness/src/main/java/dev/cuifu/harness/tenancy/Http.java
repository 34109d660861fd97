package dev.cuifu.harness.tenancy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The abuse checks' one HTTP client: a request with a credential's headers, answered as status and
 * body. A connection failure is an answer too (status 0), so one refused call never ends a run.
 */
public final class Http {

  /** An answer; status 0 when the server could not be reached or did not answer in time. */
  public record Answer(int status, String body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

  private Http() {}

  public static Answer get(String url, Map<String, String> headers) {
    return send("GET", url, headers, null);
  }

  /** Sends {@code body} when not null, as JSON unless {@code headers} name a Content-Type. */
  public static Answer send(String method, String url, Map<String, String> headers, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    headers.forEach(request::header);
    if (body != null) {
      if (headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
        request.header("Content-Type", "application/json");
      }
      request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      return new Answer(0, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A file part of a multipart/form-data body. */
  public record Part(String name, String filename, String contentType, String content) {}

  private static final String BOUNDARY = "cuifu-abuse-checks-part";

  /** The Content-Type of a {@link #multipart} body. */
  public static final Map<String, String> MULTIPART = Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY);

  /** A multipart/form-data body of text files, to send with {@link #MULTIPART}. */
  public static String multipart(List<Part> parts) {
    StringBuilder body = new StringBuilder();
    for (Part part : parts) {
      body.append("--").append(BOUNDARY).append("\r\n")
          .append("Content-Disposition: form-data; name=\"").append(part.name()).append("\"; filename=\"").append(part.filename()).append("\"\r\n")
          .append("Content-Type: ").append(part.contentType()).append("\r\n\r\n")
          .append(part.content()).append("\r\n");
    }
    return body.append("--").append(BOUNDARY).append("--\r\n").toString();
  }

  public static Map<String, String> apiKey(String key) {
    return Map.of("X-Api-Key", key);
  }

  public static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  /** HTTP Basic as the agents' page sends it, with the header every write under /agent needs. */
  public static Map<String, String> basic(String username, String password) {
    String pair = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    return Map.of("Authorization", "Basic " + pair, "X-Requested-With", "cuifu-abuse-checks");
  }
}
