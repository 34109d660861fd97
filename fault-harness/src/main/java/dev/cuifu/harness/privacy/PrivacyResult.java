package dev.cuifu.harness.privacy;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the privacy scan looked and the raw phone numbers it found.
 *
 * @param scanned places scanned by kind: log files, log lines, dead-letter records, metric lines, extra texts
 * @param hits every raw number found, masked
 */
public record PrivacyResult(Map<String, Integer> scanned, List<String> deadLetterTopics, List<Hit> hits) {

  public enum Where {
    LOG,
    DEAD_LETTER_HEADER,
    /**
     * A dead-lettered record's value: the original order event, kept for replay, holds the buyer's
     * number by design (as the orders topic does); reported, not failed.
     */
    DEAD_LETTER_VALUE,
    METRIC,
    EXTRA_TEXT
  }

  /**
   * @param location {@code file:line}, {@code topic-partition@offset header name}, {@code app metric line}
   * @param masked the number found, masked
   * @param how {@code known number}, {@code E.164-looking} or {@code Chinese-mobile-looking}
   * @param context the text around it, the number masked
   * @param example one of the docs' example numbers ({@link PhonePatterns#EXAMPLES}): reported, not failed
   */
  public record Hit(Where where, String location, String masked, String how, String context, boolean example) {}

  /** No raw number anywhere but in dead-lettered records' own values (the docs' example numbers aside). */
  public boolean passed() {
    return failing().isEmpty();
  }

  public List<Hit> failing() {
    return hits.stream().filter(h -> h.where() != Where.DEAD_LETTER_VALUE && !h.example()).toList();
  }

  public void print(PrintStream out) {
    out.println();
    out.println("## privacy scan: raw phone numbers");
    out.println("scanned: " + scanned + "; dead-letter topics: " + deadLetterTopics);
    Map<Where, Integer> byWhere = new TreeMap<>();
    hits.forEach(h -> byWhere.merge(h.where(), 1, Integer::sum));
    out.println("hits by place: " + byWhere);
    long values = hits.stream().filter(h -> h.where() == Where.DEAD_LETTER_VALUE).count();
    if (values > 0) {
      out.printf("(%d in dead-lettered records' values: the original events, which carry the number by design; not failed)%n", values);
    }
    hits.stream().filter(h -> h.example() && h.where() != Where.DEAD_LETTER_VALUE).forEach(h -> out.printf(
        "(an example or sender number, no buyer's: %s at %s; not failed)%n", h.masked(), h.location()));
    List<Hit> failing = failing();
    if (failing.isEmpty()) {
      out.println("PASSED: no raw phone number in logs, dead-letter headers, metrics or the given texts");
      return;
    }
    out.printf("FAILED: %d raw numbers%n", failing.size());
    out.println("| where | location | number | found as | context |");
    out.println("| --- | --- | --- | --- | --- |");
    failing.stream().limit(50).forEach(h -> out.printf("| %s | %s | %s | %s | `%s` |%n", h.where(), h.location(), h.masked(), h.how(),
        h.context().replace("|", "\\|").replace("`", "'")));
    if (failing.size() > 50) {
      out.printf("… and %d more%n", failing.size() - 50);
    }
  }
}
