package dev.cuifu.launcher.orderimport;

import dev.cuifu.common.kafka.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts batches to order-ingest's public {@code POST /api/v1/events/batch} with the shop's key, as
 * any shop's system would: every event passes the same validation, phone normalisation, dedupe and
 * transactional publish. A batch is accepted whole or not at all, so the answer says which events
 * to take out; an unavailable or unreachable order-ingest is retried with backoff.
 */
final class IngestClient {

  private static final Pattern EVENT_INDEX = Pattern.compile("^events\\[(\\d+)]\\.?(.*)$");
  private static final Pattern QUOTED_ID = Pattern.compile("'([^']+)'");

  private final URI batchUri;
  private final String apiKey;
  private final List<Duration> backoff;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  /** @param backoff the waits between attempts: its size + 1 attempts in all */
  IngestClient(String ingestUrl, String apiKey, List<Duration> backoff) {
    this.batchUri = URI.create(ingestUrl.replaceAll("/+$", "") + "/api/v1/events/batch");
    this.apiKey = apiKey;
    this.backoff = List.copyOf(backoff);
  }

  /** What order-ingest made of one batch. */
  sealed interface Answer {}

  /** Published: {@code accepted} new events, {@code duplicates} sent before. */
  record Accepted(int accepted, int duplicates) implements Answer {}

  /** Invalid events (400), by their index in the batch, with the reasons (numbers masked by the server). */
  record Refused(Map<Integer, String> reasons) implements Answer {}

  /** Event ids imported before with other content (409). */
  record Reused(Set<String> eventIds) implements Answer {}

  /** An answer no event is to blame for (a refused key, a body too large): the import cannot go on. */
  record Failed(String reason) implements Answer {}

  /** order-ingest did not take the batch after every attempt: nothing of it was accepted. */
  static final class UnavailableException extends RuntimeException {
    UnavailableException(String message) {
      super(message, null, false, false);
    }
  }

  Answer post(List<ObjectNode> events) {
    ObjectNode body = EventJson.mapper().createObjectNode();
    ArrayNode array = body.putArray("events");
    events.forEach(array::add);
    HttpRequest request =
        HttpRequest.newBuilder(batchUri)
            .timeout(Duration.ofSeconds(30))
            .header("X-Api-Key", apiKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(EventJson.mapper().writeValueAsString(body)))
            .build();
    String last = null;
    for (int attempt = 0; ; attempt++) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() < 500) {
          return answer(response);
        }
        last = "HTTP " + response.statusCode() + detail(response.body());
      } catch (IOException e) {
        last = "cannot reach " + batchUri.getScheme() + "://" + batchUri.getAuthority() + " (" + e.getClass().getSimpleName() + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UnavailableException("interrupted");
      }
      if (attempt >= backoff.size()) {
        throw new UnavailableException(last + " after " + (attempt + 1) + " attempts");
      }
      sleep(backoff.get(attempt));
    }
  }

  private static Answer answer(HttpResponse<String> response) {
    JsonNode body = parse(response.body());
    return switch (response.statusCode()) {
      case 202 -> new Accepted(body.path("accepted").asInt(), body.path("duplicates").asInt());
      case 400 -> refused(body, response.body());
      case 409 -> reused(body.path("detail").asString(""));
      case 401 -> new Failed("order-ingest refused the API key (HTTP 401): check --api-key-file");
      default -> new Failed("order-ingest answered HTTP " + response.statusCode() + detail(response.body()));
    };
  }

  private static Answer refused(JsonNode body, String raw) {
    Map<Integer, String> reasons = new LinkedHashMap<>();
    for (JsonNode error : body.path("errors")) {
      Matcher index = EVENT_INDEX.matcher(error.path("field").asString(""));
      if (!index.matches()) {
        // the batch itself is at fault: nothing a line can be blamed for
        return new Failed("order-ingest refused the batch (HTTP 400)" + detail(raw));
      }
      String field = index.group(2).isEmpty() ? "event" : index.group(2);
      reasons.merge(Integer.parseInt(index.group(1)), field + ": " + error.path("message").asString(""), (a, b) -> a + "; " + b);
    }
    return reasons.isEmpty() ? new Failed("order-ingest refused the batch (HTTP 400)" + detail(raw)) : new Refused(reasons);
  }

  private static Answer reused(String detail) {
    Set<String> ids = new HashSet<>();
    Matcher quoted = QUOTED_ID.matcher(detail);
    while (quoted.find()) {
      ids.add(quoted.group(1));
    }
    return ids.isEmpty() ? new Failed("order-ingest answered HTTP 409: " + detail) : new Reused(ids);
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = EventJson.mapper().readTree(body == null || body.isBlank() ? "{}" : body);
      return node == null ? EventJson.mapper().createObjectNode() : node;
    } catch (JacksonException e) {
      return EventJson.mapper().createObjectNode();
    }
  }

  /** The problem's detail (order-ingest masks numbers in it), for the terminal. */
  private static String detail(String body) {
    String detail = parse(body).path("detail").asString("");
    return detail.isEmpty() ? "" : ": " + detail;
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted");
    }
  }
}
