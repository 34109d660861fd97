package dev.cuifu.benchmark.deployed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's JVM says of its memory on {@code /actuator/prometheus} (Micrometer's JVM
 * meters), to set beside its resident set: heap used and committed, non-heap used (metaspace,
 * code cache, compressed class space), direct buffers and live threads (each a stack).
 */
record JvmMemory(long heapUsed, long heapCommitted, long heapMax, long nonHeapUsed, long directBuffers, long liveThreads) {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static JvmMemory scrape(String baseUrl, String managementToken) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
            .header("Authorization", "Bearer " + managementToken)
            .timeout(Duration.ofSeconds(30))
            .build();
    try {
      String body = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
      return new JvmMemory(
          sum(body, "jvm_memory_used_bytes", "area=\"heap\""),
          sum(body, "jvm_memory_committed_bytes", "area=\"heap\""),
          sum(body, "jvm_memory_max_bytes", "area=\"heap\""),
          sum(body, "jvm_memory_used_bytes", "area=\"nonheap\""),
          sum(body, "jvm_buffer_memory_used_bytes", "id=\"direct\""),
          sum(body, "jvm_threads_live_threads", ""));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The sum of every series of {@code name} whose tags hold {@code tag}; -1 when there is none. */
  private static long sum(String body, String name, String tag) {
    Matcher series = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE).matcher(body);
    double total = 0;
    boolean any = false;
    while (series.find()) {
      String tags = series.group(1) == null ? "" : series.group(1);
      double value = Double.parseDouble(series.group(2));
      if (tags.contains(tag) && value >= 0) {
        total += value;
        any = true;
      }
    }
    return any ? (long) total : -1;
  }
}
