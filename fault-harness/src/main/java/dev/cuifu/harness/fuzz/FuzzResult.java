package dev.cuifu.harness.fuzz;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a fuzz run saw.
 *
 * @param requests requests sent
 * @param byClass answers by class: {@code 2xx}, {@code 3xx}, {@code 4xx}, {@code 5xx}, {@code no answer}
 * @param byOperation the same per operation ({@code POST /api/v1/events (ingest)})
 * @param failures every answer the judge refused, in the order they came
 */
public record FuzzResult(
    int requests, Duration elapsed, Map<String, Long> byClass, Map<String, Map<String, Long>> byOperation,
    List<Failure> failures) {

  /** Classes in report order. */
  public static final List<String> CLASSES = List.of("2xx", "3xx", "4xx", "5xx", "no answer");

  /**
   * One refused answer.
   *
   * @param operation e.g. {@code PUT /api/v1/policy (reminder)}
   * @param mutation what the request changed, e.g. {@code NULL /sms/delay, credential VALID}
   * @param status the answer's status, 0 for none
   * @param reason why the judge refused it
   * @param body the answer's first 300 characters, phone-like digits masked
   * @param reproduction a curl command line, or a description when the body cannot be typed
   */
  public record Failure(String operation, String mutation, int status, String reason, String body, String reproduction) {}

  /** No 5xx, no unanswered request, every 4xx a problem naming a field or reason. */
  public boolean passed() {
    return failures.isEmpty();
  }

  public long count(String statusClass) {
    return byClass.getOrDefault(statusClass, 0L);
  }

  /** Totals, then up to 20 kinds of failure, each with one example and how often it came. */
  public void print(PrintStream out) {
    out.println();
    out.println("## fuzz report");
    out.printf("%d requests over %d operations in %.1f s (%.0f requests/s)%n", requests, byOperation.size(),
        elapsed.toMillis() / 1000.0, requests * 1000.0 / Math.max(1, elapsed.toMillis()));
    out.println("| answer | count |");
    out.println("| --- | --- |");
    for (String c : CLASSES) {
      out.printf("| %s | %d |%n", c, count(c));
    }
    out.printf("| refused by the judge | %d |%n", failures.size());
    // one entry per kind of failure (mutation, status, reason): the same one comes back on many operations
    Map<String, List<Failure>> kinds = new LinkedHashMap<>();
    for (Failure f : failures) {
      kinds.computeIfAbsent(f.mutation().split("[ ,]")[0] + " " + f.status() + " " + f.reason(), k -> new ArrayList<>()).add(f);
    }
    kinds.values().stream().limit(20).forEach(same -> {
      Failure f = same.get(0);
      out.printf("- %s — %s → %s: %s (×%d on %d operations)%n", f.operation(), f.mutation(),
          f.status() == 0 ? "no answer" : f.status(), f.reason(), same.size(),
          same.stream().map(Failure::operation).distinct().count());
      out.printf("    body: %s%n", f.body().replace("\n", " "));
      out.printf("    %s%n", f.reproduction());
    });
    if (kinds.size() > 20) {
      out.printf("… and %d more kinds of failure%n", kinds.size() - 20);
    }
    out.println(passed() ? "PASSED: no 5xx, every request answered, every 4xx a problem naming a field or reason"
        : "FAILED: " + failures.size() + " answers refused");
  }
}
