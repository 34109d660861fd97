package dev.cuifu.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of a service's {@code /actuator/prometheus}: what the service says it did. */
final class ServiceMetrics {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final String body;

  private ServiceMetrics(String body) {
    this.body = body;
  }

  /** Scrapes with the management token ({@code cuifu.management.token}; the launcher uses the operator's). */
  static ServiceMetrics scrape(String baseUrl, String managementToken) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
            .header("Authorization", "Bearer " + managementToken)
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
    try {
      return new ServiceMetrics(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The sample's value (the first series of that name, whatever its tags); 0 when absent. */
  double value(String name) {
    Matcher matcher = Pattern.compile("^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE).matcher(body);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }

  /**
   * A timer's cumulative bucket counts ({@code _bucket{le="…"}}, in seconds; {@code +Inf} last),
   * when it publishes buckets; empty otherwise.
   */
  NavigableMap<Double, Double> buckets(String timer) {
    Matcher matcher =
        Pattern.compile("^" + Pattern.quote(timer + "_seconds_bucket") + "\\{[^}]*le=\"([^\"]+)\"[^}]*\\} (\\S+)$", Pattern.MULTILINE)
            .matcher(body);
    NavigableMap<Double, Double> buckets = new TreeMap<>();
    while (matcher.find()) {
      double le = "+Inf".equals(matcher.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(matcher.group(1));
      buckets.put(le, Double.parseDouble(matcher.group(2)));
    }
    return buckets;
  }

  /** A timer's calls, total and maximum between two scrapes (the maximum is the later scrape's). */
  static Timing timing(ServiceMetrics before, ServiceMetrics after, String timer) {
    long count = (long) (after.value(timer + "_seconds_count") - before.value(timer + "_seconds_count"));
    double seconds = after.value(timer + "_seconds_sum") - before.value(timer + "_seconds_sum");
    return new Timing(
        count,
        count == 0 ? Duration.ZERO : Duration.ofNanos((long) (seconds / count * 1e9)),
        Duration.ofNanos((long) (after.value(timer + "_seconds_max") * 1e9)));
  }

  /** How often something was timed, and how long it took on average and at most. */
  record Timing(long count, Duration mean, Duration max) {}
}
