package dev.cuifu.harness;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** The run's figures as a small table, the way docs/reliability.md shows them. */
final class Report {

  private Report() {}

  static void print(FaultHarness.Result result, FaultHarness.Options options, PrintStream out) {
    Counts c = result.counts();
    out.println();
    out.println("## fault harness report");
    out.printf("orders %d, answered 202 %d (unpaid %d, paid before due %d); SMS at the stub %d%n",
        c.orders, c.accepted, c.unpaid, c.paidBeforeDue, c.smsAtStub);
    out.println("| count | value | must be |");
    out.println("| --- | --- | --- |");
    row(out, "orders answered 202 but never planned", c.neverPlanned, "0");
    row(out, "orders sent more than one SMS", c.sentTwice, "0");
    row(out, "SMS later than payment answered 202 + " + options.paidBound().toMillis() + " ms", c.sentAfterPayment, "0");
    row(out, "unpaid orders without an SMS", c.unpaidWithoutSms, "0");
    row(out, "SMS touches never settled (PLANNED/SENDING)", c.neverSettled, "0");
    row(out, "SMS to a number no order had", c.unknownRecipients, "0");
    out.printf("| SMS to paid orders within the bound (a race, allowed) | %d | — |%n", c.sentWithinBound);
    List<Faults.Kill> kills = result.kills();
    out.printf("kills: %d; ready again after kill -9 (s): %s%n", kills.size(),
        kills.stream().map(k -> k.target() + " " + seconds(k.recovery())).toList());
    List<Duration> byTime = kills.stream().map(Faults.Kill::recovery).sorted().toList();
    if (!byTime.isEmpty()) {
      out.printf("ready again: p50 %s s, max %s s%n", seconds(byTime.get((byTime.size() - 1) / 2)), seconds(byTime.get(byTime.size() - 1)));
    }
    List<Faults.Kill> reminderKills = kills.stream().filter(k -> k.target().startsWith("reminder")).toList();
    List<Duration> consuming = reminderKills.stream().map(Faults.Kill::consuming).filter(java.util.Objects::nonNull).sorted().toList();
    if (!consuming.isEmpty()) {
      out.printf("order events consumed again after a reminder-service kill (s): %s; p50 %s, max %s%s%n",
          reminderKills.stream().map(k -> k.consuming() == null ? "> 180" : seconds(k.consuming())).toList(),
          seconds(consuming.get((consuming.size() - 1) / 2)), seconds(consuming.get(consuming.size() - 1)),
          consuming.size() < reminderKills.size() ? " (not counting those over 180 s)" : "");
    }
    out.println(result.passed() ? "PASSED: every must-be-0 count is 0" : "FAILED: a must-be-0 count is not 0");
  }

  private static void row(PrintStream out, String name, List<String> orders, String must) {
    out.printf("| %s | %d | %s |%n", name, orders.size(), must);
    orders.stream().limit(10).forEach(order -> out.println("|   " + order + " | | |"));
  }

  private static String seconds(Duration duration) {
    return String.format("%.1f", duration.toMillis() / 1000.0);
  }
}
