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

  /** A scrape's text as it came (tests). */
  static ServiceMetrics of(String prometheusText) {
    return new ServiceMetrics(prometheusText);
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

  /** The sum of every series of that name (all tags); 0 when absent. */
  double sum(String name) {
    Matcher matcher = Pattern.compile("^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE).matcher(body);
    double sum = 0;
    while (matcher.find()) {
      sum += Double.parseDouble(matcher.group(1));
    }
    return sum;
  }

  /** The value of the series of that name carrying the tag {@code tag="value"}; 0 when absent. */
  double value(String name, String tag, String value) {
    Matcher matcher =
        Pattern.compile(
                "^" + Pattern.quote(name) + "\\{[^}]*\\b" + Pattern.quote(tag + "=\"" + value + "\"") + "[^}]*\\} (\\S+)$",
                Pattern.MULTILINE)
            .matcher(body);
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
        Duration.ofNanos((long) (after.value(timer + "_seconds_max") * 1e9)),
        new Window(before, after));
  }

  /**
   * How often something was timed, and how long it took on average and at most.
   *
   * @param window the two scrapes it was measured between, where other meters of the same phase can
   *     be read ({@link CallbackBatches#between})
   */
  record Timing(long count, Duration mean, Duration max, Window window) {}

  /** Two scrapes of one service, the earlier first. */
  record Window(ServiceMetrics before, ServiceMetrics after) {}

  /**
   * Twilio's status callbacks reminder-service committed between two scrapes
   * ({@code cuifu.sms.status_callbacks.*}): how well the group commit batched them.
   *
   * @param callbacks callbacks committed
   * @param batches transactions committed
   * @param maxBatch the largest batch lately (Micrometer's decaying maximum at the later scrape)
   * @param meanCommit a committed transaction's mean time, start to commit
   * @param refused callbacks answered 503 (queue full, timeout, failed batch) for Twilio to retry
   */
  record CallbackBatches(long callbacks, long batches, long maxBatch, Duration meanCommit, long refused) {

    static final String SIZE = "cuifu_sms_status_callbacks_batch_size";
    static final String BATCH = "cuifu_sms_status_callbacks_batch_seconds";
    static final String REFUSED = "cuifu_sms_status_callbacks_refused_total";

    static CallbackBatches between(Window window) {
      ServiceMetrics before = window.before();
      ServiceMetrics after = window.after();
      long committed = (long) (after.value(BATCH + "_count", "outcome", "committed") - before.value(BATCH + "_count", "outcome", "committed"));
      double seconds = after.value(BATCH + "_sum", "outcome", "committed") - before.value(BATCH + "_sum", "outcome", "committed");
      return new CallbackBatches(
          (long) (after.value(SIZE + "_sum") - before.value(SIZE + "_sum")),
          (long) (after.value(SIZE + "_count") - before.value(SIZE + "_count")),
          (long) after.value(SIZE + "_max"),
          committed == 0 ? Duration.ZERO : Duration.ofNanos((long) (seconds / committed * 1e9)),
          (long) (after.sum(REFUSED) - before.sum(REFUSED)));
    }

    double perBatch() {
      return batches == 0 ? 0 : (double) callbacks / batches;
    }
  }
}
