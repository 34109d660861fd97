package dev.cuifu.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One of reminder-service's own touch counters (one meter from {@code /actuator/metrics}), for
 * watching a phase's progress. Counting the rows instead cost PostgreSQL a scan per look — while
 * planning 200,000 orders, 15 of the phase's ~40 s of PostgreSQL time at 4 looks a second; while
 * cancelling, a fifth of a core at 20 looks a second — taken from the work being measured. A
 * counter moves before its batch commits (and again if a batch is retried), so the end of a phase
 * is still confirmed by counting the committed rows.
 */
final class TouchCounter {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpRequest request;
  private final double atStart;

  private TouchCounter(String reminderUrl, String managementToken, String meterAndTag) {
    this.request =
        HttpRequest.newBuilder(URI.create(reminderUrl + "/actuator/metrics/" + meterAndTag))
            .header("Authorization", "Bearer " + managementToken)
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
    this.atStart = total();
  }

  /** SMS touches planned ({@code cuifu.touches.planned}), counted from now on. */
  static TouchCounter smsPlanned(String reminderUrl, String managementToken) {
    return new TouchCounter(reminderUrl, managementToken, "cuifu.touches.planned?tag=channel:SMS");
  }

  /** Touches cancelled because their order was paid ({@code cuifu.touches.cancelled}), counted from now on. */
  static TouchCounter cancelledByPayment(String reminderUrl, String managementToken) {
    return new TouchCounter(reminderUrl, managementToken, "cuifu.touches.cancelled?tag=cause:ORDER_PAID");
  }

  /** Touches counted since this was created, by the service's count. */
  long sinceStart() {
    return Math.round(total() - atStart);
  }

  private double total() {
    try {
      JsonNode answer = JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
      return answer.path("measurements").path(0).path("value").asDouble();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
