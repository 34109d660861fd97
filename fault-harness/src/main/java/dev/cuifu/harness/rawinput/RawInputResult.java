package dev.cuifu.harness.rawinput;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What became of each record written straight to the orders topic, and whether the consumer went on.
 *
 * @param partition the orders topic's partition every record went to: the one the after-order's key hashes to
 * @param afterOrderOffset where the after-order landed on that partition (behind the records); -1 when it is not there
 * @param bound how long the after-order may take to be planned
 * @param afterOrderPlanned how long it took, from its 202 to its touches being visible; null when not within the bound
 */
public record RawInputResult(
    String shopId, int partition, long afterOrderOffset, List<Outcome> outcomes, Duration bound, Duration afterOrderPlanned) {

  public enum Fate {
    /** On the dead-letter topic, with the handler's reason. */
    DEAD_LETTERED,
    /** Planned: its order is visible through the shop's API. */
    APPLIED,
    /** Neither: not on the dead-letter topic and not visible through any API. */
    NOT_SEEN
  }

  /**
   * @param offset the record's offset on the orders topic
   * @param reason the dead-letter reason ({@code kafka_dlt-exception-message}), or how it was applied
   * @param expected the fates that are right for this kind of record
   * @param why why those fates are right
   */
  public record Outcome(String kind, long offset, Fate fate, String reason, Set<Fate> expected, String why) {
    public boolean asExpected() {
      return expected.contains(fate);
    }
  }

  /** The after-order was planned within the bound, and every record met a fate right for its kind. */
  public boolean passed() {
    return afterOrderPlanned != null && afterOrderOffset >= 0 && outcomes.stream().allMatch(Outcome::asExpected);
  }

  public void print(PrintStream out) {
    out.println();
    out.println("## raw records on the orders topic");
    out.printf("shop %s, orders partition %d, %d records; the order posted after them through order-ingest was planned %s%n", shopId, partition,
        outcomes.size(), afterOrderPlanned == null ? "NOT within " + bound.toSeconds() + " s (the consumer stalled)"
            : String.format("after %.1f s (bound %d s)", afterOrderPlanned.toMillis() / 1000.0, bound.toSeconds()));
    out.println(afterOrderOffset >= 0
        ? "the after-order is at offset " + afterOrderOffset + " of that partition, behind every record below"
        : "the after-order is NOT on that partition: its plan does not show that the consumer got past the records");
    out.println("| record | offset | fate | reason | expected | |");
    out.println("| --- | --- | --- | --- | --- | --- |");
    for (Outcome o : outcomes) {
      out.printf("| %s | %d | %s | %s | %s | %s |%n", o.kind(), o.offset(), o.fate(), o.reason() == null ? "" : printable(o.reason()),
          o.expected(),
          !o.asExpected() ? "**NOT AS EXPECTED**: " + printable(o.why()) : o.fate() == Fate.DEAD_LETTERED ? "ok" : "ok: " + printable(o.why()));
    }
    out.println(passed() ? "PASSED: the consumer went on, and every record was dead-lettered or applied as its kind calls for" : "FAILED");
  }

  /** A table cell: no control bytes (a reason can quote a broker log line), at most 200 characters. */
  private static String printable(String text) {
    String clean = text.replaceAll("[\\p{Cntrl}\\p{Cn}\\p{Co}\\uFFFD]+", " ").replace("|", "\\|");
    return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
  }
}
