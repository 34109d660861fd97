package dev.cuifu.simulator;

import dev.cuifu.common.kafka.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A shop's side of the public APIs, with its key: events to order-ingest, everything else to
 * reminder-service. The simulator goes only through these, as a shop's own systems would.
 */
public final class ShopClient {

  private final String ingestUrl;
  private final String reminderUrl;
  private final String apiKey;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  public ShopClient(String ingestUrl, String reminderUrl, String apiKey) {
    this.ingestUrl = ingestUrl;
    this.reminderUrl = reminderUrl;
    this.apiKey = apiKey;
  }

  /** Posts one order event; the answer's status (202 when accepted). */
  public int postEvent(String json) {
    return exchange("POST", ingestUrl + "/api/v1/events", json).statusCode();
  }

  /** Posts several order events as one batch ({@code {"events":[…]}}), accepted all together or not at all. */
  public int postEvents(List<String> events) {
    return exchange("POST", ingestUrl + "/api/v1/events/batch", "{\"events\":[" + String.join(",", events) + "]}").statusCode();
  }

  /** A reminder-service resource, or null when it is not there (404). */
  public JsonNode get(String path) {
    HttpResponse<String> response = exchange("GET", reminderUrl + path, null);
    if (response.statusCode() == 404) {
      return null;
    }
    return parse(expect(response, 200, "GET " + path));
  }

  public JsonNode post(String path, String json) {
    HttpResponse<String> response = exchange("POST", reminderUrl + path, json);
    int status = response.statusCode() == 201 ? 201 : 200;
    return parse(expect(response, status, "POST " + path));
  }

  public JsonNode put(String path, String json) {
    return parse(expect(exchange("PUT", reminderUrl + path, json), 200, "PUT " + path));
  }

  private static String expect(HttpResponse<String> response, int status, String what) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(what + " answered HTTP " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static JsonNode parse(String body) {
    return EventJson.mapper().readTree(body);
  }

  private HttpResponse<String> exchange(String method, String url, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(15)) // order-ingest answers within its 10 s send timeout
            .header("X-Api-Key", apiKey)
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
