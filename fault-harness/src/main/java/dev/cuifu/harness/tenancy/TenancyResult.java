package dev.cuifu.harness.tenancy;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the tenancy matrix tried and found.
 *
 * @param operations every operation the two OpenAPI documents list
 * @param rows per covered operation: its probes' answers by credential, as status → count
 * @param notCovered operations the matrix could not exercise, with the reason
 * @param markersInOwnReads how many of A's markers A's own reads show: the self-check that the
 *     read check can see them at all
 * @param observations effects of B on A that are neither a read nor a write of A's data (a sign-in
 *     lockout of A's agent): reported, not failed
 * @param phones the buyer numbers both shops' orders carry (E.164), for the privacy scan
 * @param errorBodies the bodies of every 4xx and 5xx answer, for the privacy scan
 * @param volatilePlaces places of A's data that changed by themselves between two snapshots, and
 *     so were left out of the write check
 */
public record TenancyResult(
    String shopA,
    String shopB,
    int operations,
    List<Row> rows,
    List<NotCovered> notCovered,
    int markers,
    int markersInOwnReads,
    Set<String> volatilePlaces,
    List<Violation> violations,
    List<Violation> observations,
    Set<String> phones,
    List<String> errorBodies) {

  public record Row(String operation, int probes, Map<String, Map<Integer, Integer>> statusesByCredential, int violations) {}

  public record NotCovered(String operation, String reason) {}

  /**
   * @param kind {@code cross-shop read}, {@code cross-shop write}, {@code cross-shop access},
   *     {@code cross-shop reference}, {@code wrong credential accepted}, {@code shared event id},
   *     {@code server error}
   * @param request what was sent, to reproduce it
   */
  public record Violation(String kind, String operation, String credential, String request, int status, String detail) {}

  public boolean passed() {
    return violations.isEmpty();
  }

  /** Requests sent, per credential. */
  public Map<String, Integer> requestsByCredential() {
    Map<String, Integer> out = new TreeMap<>();
    rows.forEach(r -> r.statusesByCredential().forEach((c, s) -> out.merge(c, s.values().stream().mapToInt(Integer::intValue).sum(), Integer::sum)));
    return out;
  }

  /** Answers by status over all requests, per credential. */
  public Map<String, Map<Integer, Integer>> statusesByCredential() {
    Map<String, Map<Integer, Integer>> out = new TreeMap<>();
    rows.forEach(r -> r.statusesByCredential().forEach((c, s) -> s.forEach((status, n) -> out.computeIfAbsent(c, k -> new TreeMap<>()).merge(status, n, Integer::sum))));
    return out;
  }

  public void print(PrintStream out) {
    out.println();
    out.println("## tenancy matrix: shop B against shop A");
    out.printf("shop A %s, shop B %s; %d operations in the OpenAPI documents, %d covered, %d not covered; %d markers of A's data%n",
        shopA, shopB, operations, rows.size(), notCovered.size(), markers);
    out.printf("self-check: %d of A's %d markers appear in A's own reads (so they are recognisable in B's)%n", markersInOwnReads, markers);
    out.printf("requests: %s; answers: %s%n", requestsByCredential(), statusesByCredential());
    out.println();
    out.println("| operation | probes | " + String.join(" | ", credentials()) + " | violations |");
    out.println("| --- | --- |" + " --- |".repeat(credentials().size()) + " --- |");
    for (Row row : rows) {
      out.printf("| `%s` | %d | %s | %d |%n", row.operation(), row.probes(),
          credentials().stream().map(c -> statuses(row.statusesByCredential().get(c))).collect(Collectors.joining(" | ")), row.violations());
    }
    if (!notCovered.isEmpty()) {
      out.println();
      out.println("Not covered:");
      notCovered.forEach(n -> out.printf("- `%s`: %s%n", n.operation(), n.reason()));
    }
    if (!volatilePlaces.isEmpty()) {
      out.println();
      out.println("Left out of the write check (changed by themselves): " + volatilePlaces);
    }
    out.println();
    observations.forEach(v -> out.printf("Observed (not failed): **%s** `%s` as %s → %d: %s%n  request: `%s`%n", v.kind(), v.operation(),
        v.credential(), v.status(), v.detail(), v.request()));
    if (violations.isEmpty()) {
      out.println("PASSED: 0 cross-shop reads, 0 cross-shop writes, no credential of the wrong kind accepted");
    } else {
      out.printf("FAILED: %d violations%n", violations.size());
      violations.forEach(v -> out.printf("- **%s** `%s` as %s → %d: %s%n  request: `%s`%n", v.kind(), v.operation(), v.credential(), v.status(),
          v.detail(), v.request()));
    }
  }

  private List<String> credentials() {
    return List.copyOf(statusesByCredential().keySet());
  }

  private static String statuses(Map<Integer, Integer> byStatus) {
    if (byStatus == null || byStatus.isEmpty()) {
      return "—";
    }
    return byStatus.entrySet().stream().map(e -> e.getKey() + (e.getValue() > 1 ? "×" + e.getValue() : "")).collect(Collectors.joining(" "));
  }
}
