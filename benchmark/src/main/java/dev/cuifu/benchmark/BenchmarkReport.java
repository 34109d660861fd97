package dev.cuifu.benchmark;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Everything one run measured; printed as figures and as ratios against the Quartz baseline. */
public record BenchmarkReport(
    BenchmarkSizes sizes,
    StackLoad.IngestResult ingest,
    StackLoad.CancelResult cancel,
    DispatchLoad.BurstResult burst,
    Duration pendingFill,
    DispatchLoad.BurstResult burstWithPending,
    long lateSends,
    QuartzBaseline.Result baseline,
    long heapUsedBytes,
    long heapMaxBytes,
    long residentSetBytes,
    CpuProfile cpu) {

  public long ordersAccepted() {
    return ingest.accepted();
  }

  public long ordersPlanned() {
    return ingest.ordersPlanned();
  }

  public long sampleOrdersPaid() {
    return cancel.accepted();
  }

  public long sampleOrdersCancelled() {
    return cancel.ordersCancelled();
  }

  public long baselineJobsScheduled() {
    return baseline.scheduled();
  }

  public long baselineJobsDeleted() {
    return baseline.deleted();
  }

  /** Touches planned per second (end to end, from the first POST) over Quartz jobs scheduled per second. */
  public double planRatio() {
    return Rates.ratio(ingest.touchesPlannedPerSecond(), baseline.scheduledPerSecond());
  }

  /** Touches cancelled per second (from the first OrderPaid POST) over Quartz jobs deleted per second. */
  public double cancelRatio() {
    return Rates.ratio(cancel.touchesCancelledPerSecond(), baseline.deletedPerSecond());
  }

  /**
   * Touches handed to the channel per second in the first burst over Quartz jobs fired per second,
   * each job sending the same SMS to the same stub: like for like.
   */
  public double fireRatio() {
    return Rates.ratio(burst.sentPerSecond(), baseline.sending().firedPerSecond());
  }

  /** The same over Quartz jobs that do nothing: a touch's send against the scheduling engine alone. */
  public double engineOnlyFireRatio() {
    return Rates.ratio(burst.sentPerSecond(), baseline.noOp().firedPerSecond());
  }

  public void print(PrintStream out) {
    out.println();
    out.println("== Cuifu benchmark ==");
    out.printf(
        "sizes: %,d orders in batches of %,d from %d clients; %,d paid (batches of %,d); %,d Quartz jobs from %d threads; %d cores%n",
        sizes.orders(),
        sizes.batchSize(),
        sizes.clients(),
        sizes.cancelSample(),
        sizes.cancelBatchSize(),
        sizes.baselineJobs(),
        sizes.clients(),
        Runtime.getRuntime().availableProcessors());
    out.println();
    out.println("| phase | measured | count | time | rate |");
    out.println("| --- | --- | ---: | ---: | ---: |");
    row(out, "ingest", "orders accepted (202)", ingest.accepted(), ingest.acceptNanos(), ingest.acceptedPerSecond(), "orders/s");
    row(out, "ingest", "orders planned end to end (SMS touch row)", ingest.ordersPlanned(), ingest.planNanos(), ingest.ordersPlannedPerSecond(), "orders/s");
    row(out, "ingest", "touch rows planned end to end", ingest.touchesPlanned(), ingest.planNanos(), ingest.touchesPlannedPerSecond(), "touches/s");
    row(out, "cancel", "sample touches cancelled", cancel.touchesCancelled(), cancel.totalNanos(), cancel.touchesCancelledPerSecond(), "touches/s");
    row(out, "dispatch", "burst handed to the Twilio stub (" + pending(burst) + ")", burst.sent(), burst.nanos(), burst.sentPerSecond(), "touches/s");
    row(out, "dispatch", "burst handed to the Twilio stub (" + pending(burstWithPending) + ")", burstWithPending.sent(), burstWithPending.nanos(), burstWithPending.sentPerSecond(), "touches/s");
    row(out, "baseline", "Quartz jobs scheduled", baseline.scheduled(), baseline.scheduleNanos(), baseline.scheduledPerSecond(), "jobs/s");
    row(out, "baseline", "Quartz jobs deleted", baseline.deleted(), baseline.deleteNanos(), baseline.deletedPerSecond(), "jobs/s");
    firingRow(out, "no-op job", baseline.noOp());
    firingRow(out, "each sending the SMS to the Twilio stub", baseline.sending());
    out.println();
    out.printf(
        "cancel latency, OrderPaid 202 -> all of the order's touches CANCELLED (%,d of %,d orders): p50 %s, p99 %s, max %s%n",
        cancel.ordersCancelled(), cancel.paid(), millis(cancel.p50()), millis(cancel.p99()), millis(cancel.max()));
    out.printf(
        Locale.ROOT,
        "cancel latency, payment consumed -> its touches cancelled and committed (reminder-service's %,d consumer batches holding payments): p50 %s, p99 %s, mean %s, max %s%n",
        cancel.paymentBatches().count(),
        millis(cancel.paymentBatchP50()),
        millis(cancel.paymentBatchP99()),
        millis(cancel.paymentBatches().mean()),
        millis(cancel.paymentBatches().max()));
    out.printf(
        Locale.ROOT,
        "consumer batches while planning: %,d, %.0f events each on average, applied in %s on average (max %s)%n",
        ingest.batches().count(), ingest.eventsPerBatch(), millis(ingest.batches().mean()), millis(ingest.batches().max()));
    printLag(out, ingest.lag());
    for (DispatchLoad.BurstResult b : List.of(burst, burstWithPending)) {
      out.printf(
          "dispatch lag, due -> handed to the channel (%s; %,d of %,d sent, %,d not): p50 %s, p99 %s, max %s; claims %,d, mean %s, max %s%n",
          pending(b), b.sent(), b.due(), b.notSent(), millis(b.lagP50()), millis(b.lagP99()), millis(b.lagMax()),
          b.claims().count(), millis(b.claims().mean()), millis(b.claims().max()));
    }
    if (sizes.pending() > 0) {
      out.printf("pending fill: %,d touches (and their orders) added in %s%n", sizes.pending(), millis(pendingFill));
    }
    firingLag(out, "start -> no-op job ran", baseline.noOp());
    firingLag(out, "start -> job's SMS accepted by the stub", baseline.sending());
    out.printf("touches sent although their payment had been consumed before they were due: %,d (must be 0)%n", lateSends);
    if (ingest.duplicates() > 0) {
      out.printf("warning: %,d orders were answered as duplicates%n", ingest.duplicates());
    }
    out.println();
    out.printf(Locale.ROOT, "touches planned/s vs Quartz jobs scheduled/s = %.1fx%n", planRatio());
    out.printf(Locale.ROOT, "touches cancelled/s vs Quartz jobs deleted/s = %.1fx%n", cancelRatio());
    out.printf(Locale.ROOT, "touches dispatched/s vs Quartz jobs fired/s (same SMS send) = %.1fx%n", fireRatio());
    out.printf(Locale.ROOT, "touches dispatched/s vs Quartz no-op jobs fired/s (engine only, no send) = %.1fx%n", engineOnlyFireRatio());
    out.println();
    out.printf("JVM heap used at the end: %,d MiB (max %,d MiB)%n", heapUsedBytes >> 20, heapMaxBytes >> 20);
    out.printf(
        "JVM resident set at the end (broker, both services, stubs; PostgreSQL runs apart): %s%n",
        residentSetBytes < 0 ? "unknown" : String.format("%,d MiB", residentSetBytes >> 20));
    out.println();
    cpu.print(out);
  }

  private static void firingRow(PrintStream out, String job, QuartzBaseline.Firing firing) {
    String what = "Quartz jobs fired, " + job + ", all due at once (" + QuartzBaseline.FIRING_THREADS + " threads)";
    row(out, "baseline", what, firing.fired(), firing.nanos(), firing.firedPerSecond(), "jobs/s");
  }

  private void firingLag(PrintStream out, String what, QuartzBaseline.Firing firing) {
    out.printf(
        "Quartz firing lag, %s (%,d of %,d, %,d failed): p50 %s, p99 %s, max %s%n",
        what, firing.fired(), baseline.jobs(), firing.failed(), millis(firing.lagP50()), millis(firing.lagP99()), millis(firing.lagMax()));
  }

  /** reminder-service's consumer lag over the ingest phase (times from the first POST). */
  private static void printLag(PrintStream out, ConsumerLag.Result lag) {
    ConsumerLag.Sample max = lag.max();
    long drain = lag.drainNanos();
    out.printf(
        "consumer lag while planning (orders topic, records; %,d samples every %d ms%s): max %,d at %s; %,d when the last POST was answered (%s); drained to 0 %s after it; at the end %,d%n",
        lag.samples().size(),
        ConsumerLag.INTERVAL.toMillis(),
        lag.missed() > 0 ? String.format(", %,d missed", lag.missed()) : "",
        max.lag(),
        millis(Duration.ofNanos(max.atNanos())),
        lag.atLastPost().lag(),
        millis(Duration.ofNanos(lag.lastPostNanos())),
        drain < 0 ? "never (not within the wait)" : millis(Duration.ofNanos(drain)),
        lag.finalLag());
    List<ConsumerLag.Sample> seconds = lag.perSecond();
    out.println("consumer lag per second: " + series(seconds, ConsumerLag.Sample::lag));
    out.println("orders accepted, not yet planned, per second: " + series(seconds, ConsumerLag.Sample::unplanned));
    double steady = lag.steadyPlannedPerSecond();
    out.println(
        Double.isNaN(steady)
            ? "orders planned/s, steady: run too short to tell (fewer than 3 whole seconds between the first and the last order planned)"
            : String.format("orders planned/s, steady (median of the per-second rates between the first and the last order planned): %,.0f", steady));
  }

  private static String series(List<ConsumerLag.Sample> samples, java.util.function.ToLongFunction<ConsumerLag.Sample> value) {
    return String.join(", ", samples.stream().map(s -> String.format("%,d", value.applyAsLong(s))).toList());
  }

  private static String pending(DispatchLoad.BurstResult burst) {
    return String.format("%,d pending", burst.pending());
  }

  private static void row(PrintStream out, String phase, String what, long count, long nanos, double rate, String unit) {
    out.printf("| %s | %s | %,d | %s | %,.0f %s |%n", phase, what, count, millis(Duration.ofNanos(nanos)), rate, unit);
  }

  private static String millis(Duration duration) {
    double ms = duration.toNanos() / 1e6;
    return ms >= 10_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000) : String.format(Locale.ROOT, "%.1f ms", ms);
  }
}
