package dev.cuifu.harness;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The run's figures as a small table, the way docs/reliability.md shows them. */
final class Report {

  private Report() {}

  static void print(Counts c, List<Faults.Fault> faults, FaultHarness.Options options, PrintStream out) {
    out.println();
    out.println("## fault harness report");
    out.printf("orders %d, answered 202 %d (unpaid %d, paid before due %d); SMS at the stub %d, chat deliveries %d%n",
        c.orders, c.accepted, c.unpaid, c.paidBeforeDue, c.smsAtStub, c.chatAtStub);
    out.println("| count | value | must be |");
    out.println("| --- | --- | --- |");
    row(out, "orders answered 202 but never planned", c.neverPlanned, "0");
    row(out, "orders sent more than one SMS or chat message", c.sentTwice, "0");
    row(out, "SMS or chat later than payment answered 202 + " + options.paidBound().toMillis() + " ms", c.sentAfterPayment, "0");
    row(out, "unpaid orders without an SMS (buyer not opted out)", c.unpaidWithoutSms, "0");
    row(out, "SMS to a buyer who had opted out (" + c.optedOut + " opted out)", c.smsToOptedOut, "0");
    row(out, "unpaid orders without a chat message", c.unpaidWithoutChat, "0");
    row(out, "unpaid orders whose chat delivery began as reminder-service was killed (OUTCOME_UNKNOWN, never resent)",
        c.chatUnknownAfterKill, "≤ " + c.chatUnknownAllowed);
    row(out, "SMS and chat touches never settled (PLANNED/SENDING)", c.neverSettled, "0");
    row(out, "messages to a number or order no order had", c.unknownRecipients, "0");
    out.printf("| messages to paid orders within the bound (a race, allowed) | %d | — |%n", c.sentWithinBound);
    out.printf("%nfaults: %d, one at a time; recovery = until every service answered ready and the order-events group consumed with every member%n", faults.size());
    out.println("| fault | times | recovered after p50 / max (s) | not recovered in 180 s | order-events lag when recovered (max) | most lag on the way |");
    out.println("| --- | --- | --- | --- | --- | --- |");
    for (Faults.Kind kind : Faults.Kind.values()) {
      List<Faults.Fault> ofKind = faults.stream().filter(f -> f.kind() == kind).toList();
      if (ofKind.isEmpty()) {
        continue;
      }
      List<Duration> recovered = ofKind.stream().map(Faults.Fault::recovery).filter(java.util.Objects::nonNull).sorted().toList();
      out.printf("| %s | %d | %s | %d | %d | %d |%n", kind.label, ofKind.size(),
          recovered.isEmpty() ? "—" : seconds(recovered.get((recovered.size() - 1) / 2)) + " / " + seconds(recovered.get(recovered.size() - 1)),
          ofKind.size() - recovered.size(),
          ofKind.stream().mapToLong(Faults.Fault::lagAtRecovery).max().orElse(0),
          ofKind.stream().mapToLong(Faults.Fault::maxLag).max().orElse(0));
    }
    lateByFault(c.smsAfterPayment, faults, options.paidBound(), out);
  }

  /**
   * Messages that went out after their order's payment was answered, by the fault under way when
   * the payment was answered: from the bound before the fault (a payment answered just before a
   * kill is consumed after it) until the fault was recovered from.
   */
  private static void lateByFault(List<Counts.LateSms> late, List<Faults.Fault> faults, Duration bound, PrintStream out) {
    if (late.isEmpty()) {
      return;
    }
    java.util.Map<String, List<Duration>> byFault = new java.util.TreeMap<>();
    for (Counts.LateSms sms : late) {
      String during =
          faults.stream()
              .filter(f -> !sms.paidAnsweredAt().isBefore(f.at().minus(bound))
                  && (f.recovery() == null || !sms.paidAnsweredAt().isAfter(f.at().plus(f.recovery()))))
              .map(f -> f.kind().label)
              .findFirst()
              .orElse("no fault under way");
      byFault.computeIfAbsent(during, k -> new ArrayList<>()).add(sms.after());
    }
    out.println();
    out.println("| messages after the payment's 202, by the fault under way when the payment was answered | messages | after the 202: max (s) |");
    out.println("| --- | --- | --- |");
    byFault.forEach((fault, afters) ->
        out.printf("| %s | %d | %s |%n", fault, afters.size(), seconds(afters.stream().max(Duration::compareTo).orElseThrow())));
  }

  private static void row(PrintStream out, String name, List<String> orders, String must) {
    out.printf("| %s | %d | %s |%n", name, orders.size(), must);
    orders.stream().limit(10).forEach(order -> out.println("|   " + order + " | | |"));
  }

  static String seconds(Duration duration) {
    return String.format("%.1f", duration.toMillis() / 1000.0);
  }
}
