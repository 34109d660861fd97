package dev.cuifu.benchmark;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Everything one run measured, printed as one table: each figure over its whole phase and over the
 * phase's steady second half, the JIT's share of the phase, the limit measured beside it in the same
 * run and the figure's share of it, the best-configured Quartz's figure and the ratio to it, and the
 * target (docs/architecture.md, issue 19) with whether it is met.
 */
public record BenchmarkReport(
    BenchmarkSizes sizes,
    StackLoad.IngestResult ingest,
    StackLoad.CancelResult cancel,
    DispatchLoad.BurstResult burst,
    Duration pendingFill,
    DispatchLoad.BurstResult burstWithPending,
    long lateSends,
    QuartzBaseline.Result baseline,
    Benchmark.Limits limits,
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

  /** The engine alone (no-op channel) per second over Quartz's no-op jobs fired per second. */
  public double engineRatio() {
    return Rates.ratio(sustained(limits.engine().sending()), sustained(baseline.noOp().firing()));
  }

  public void print(PrintStream out) {
    out.println();
    out.println("== Cuifu benchmark ==");
    out.printf(
        "sizes: %,d orders in batches of %,d from %d clients; %,d paid in %d rounds of %,d (batches of %,d); bursts of %,d SMS, %,d through the engine alone; %,d Quartz jobs from %d threads; %d cores%n",
        sizes.orders(),
        sizes.batchSize(),
        sizes.clients(),
        sizes.cancelSample() * sizes.cancelRounds(),
        sizes.cancelRounds(),
        sizes.cancelSample(),
        sizes.cancelBatchSize(),
        sizes.burst(),
        sizes.engineBurst(),
        sizes.baselineJobs(),
        sizes.clients(),
        Runtime.getRuntime().availableProcessors());
    out.println();
    printTable(out);
    out.println();
    out.printf(
        "cancel latency, OrderPaid 202 -> all of the order's touches CANCELLED (%,d of %,d orders): p50 %s, p99 %s, max %s%n",
        cancel.ordersCancelled(), cancel.paid(), millis(cancel.p50()), millis(cancel.p99()), millis(cancel.max()));
    PaymentBatches.Distribution batches = cancel.paymentBatches();
    out.printf(
        Locale.ROOT,
        "cancel latency, payment consumed -> its touches cancelled and committed (reminder-service's %,d consumer batches holding payments, %d rounds): p50 <= %s, p99 <= %s (bucket bounds), mean %s, max %s%n",
        batches.count(),
        cancel.rounds(),
        millis(batches.p50()),
        millis(batches.p99()),
        millis(batches.timing().mean()),
        millis(batches.timing().max()));
    out.printf(
        Locale.ROOT,
        "consumer batches while planning: %,d, %.0f events each on average, applied in %s on average (max %s)%n",
        ingest.batches().count(), ingest.eventsPerBatch(), millis(ingest.batches().mean()), millis(ingest.batches().max()));
    printLag(out, ingest.lag());
    for (DispatchLoad.BurstResult b : List.of(burst, burstWithPending, limits.engine(), limits.engineSteady())) {
      out.printf(
          "dispatch lag, due -> handed to the channel (%s%s; %,d of %,d sent, %,d not): p50 %s, p99 %s, max %s; claims %,d, mean %s, max %s%n",
          b == limits.engine() ? "engine alone, no-op channel, "
              : b == limits.engineSteady() ? String.format("engine alone at %,d/s for %d s, no-op channel, ", sizes.engineRate(), sizes.engineSeconds()) : "", pending(b), b.sent(), b.due(), b.notSent(),
          millis(b.lagP50()), millis(b.lagP99()), millis(b.lagMax()), b.claims().count(), millis(b.claims().mean()), millis(b.claims().max()));
    }
    for (DispatchLoad.BurstResult b : List.of(burst, burstWithPending)) {
      ServiceMetrics.CallbackBatches callbacks = ServiceMetrics.CallbackBatches.between(b.claims().window());
      out.printf(
          Locale.ROOT,
          "status callbacks committed while the burst ran (%s): %,d in %,d transactions, %.1f per transaction on average (max lately %,d), each committed in %s on average; %,d answered 503%n",
          pending(b), callbacks.callbacks(), callbacks.batches(), callbacks.perBatch(), callbacks.maxBatch(),
          millis(callbacks.meanCommit()), callbacks.refused());
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
    out.println("raw insert limit, tables and rows written again: " + limits.rawInsertTables());
    out.println();
    out.printf("JVM heap used at the end: %,d MiB (max %,d MiB)%n", heapUsedBytes >> 20, heapMaxBytes >> 20);
    out.printf(
        "JVM resident set at the end (broker, both services, stubs; PostgreSQL runs apart): %s%n",
        residentSetBytes < 0 ? "unknown" : String.format("%,d MiB", residentSetBytes >> 20));
    out.println();
    cpu.print(out);
  }

  private void firingLag(PrintStream out, String what, QuartzBaseline.Firing firing) {
    out.printf(
        "Quartz firing lag, %s (%,d of %,d, %,d failed): p50 %s, p99 %s, max %s%n",
        what, firing.fired(), baseline.jobs(), firing.failed(), millis(firing.lagP50()), millis(firing.lagP99()), millis(firing.lagMax()));
  }

  /** The limit rows every run prints (asserted by the smoke test; their figures never are). */
  static final List<String> LIMIT_ROWS =
      List.of(
          "limit: raw transactional producer, same events and batches",
          "limit: raw COPY of the rows planning wrote",
          "limit: raw twilio-java sends, same SMS and threads",
          "limit: engine alone, no-op channel");

  /** The plain standalone Quartz program's rows: the best-configured baseline should be at least as fast. */
  static final List<String> PLAIN_QUARTZ_ROWS =
      List.of("Quartz, plain standalone program (own JVM): jobs scheduled", "Quartz, plain standalone program (own JVM): jobs deleted");

  /** A target's minimum share of its limit: planning ≥ 50% of the raw insert, the SMS path ≥ 70% of the raw SDK. */
  static final double PLAN_SHARE_TARGET = 0.5;
  static final double SEND_SHARE_TARGET = 0.7;
  static final double RATIO_TARGET = 20;
  static final double ORDERS_TARGET = 10_000;
  static final Duration CANCEL_P99_TARGET = Duration.ofMillis(100);
  static final int CANCEL_BATCHES_TARGET = 50;
  static final double ENGINE_TARGET = 5_000;
  static final Duration ENGINE_P99_TARGET = Duration.ofSeconds(1);
  static final double ENGINE_RATIO_TARGET = 50;

  /** The figure rows the smoke test finds printed with a figure (the first cell after the name holds a digit). */
  static final List<String> MEASURED_ROWS =
      List.of(
          "cancel p99, payment consumed → committed",
          "engine alone (claim, rules, record), no-op channel",
          "late sends",
          "engine alone at a steady rate, no-op channel");

  private void printTable(PrintStream out) {
    out.println(
        "| figure | whole phase | steady (2nd half) | JIT | limit (same run) | share of limit | Quartz, fastest config | ratio | target | met |");
    out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
    Throughput accepting = ingest.accepting();
    Throughput planning = ingest.planning();
    Throughput producer = limits.rawProducer();
    Throughput insert = limits.rawInsert();
    Throughput sdk = limits.rawSdk();
    double touchesPerOrder = ingest.ordersPlanned() == 0 ? 0 : (double) ingest.touchesPlanned() / ingest.ordersPlanned();
    figure(out, "orders accepted (202), orders/s", accepting, sustained(producer), null,
        "≥ 10,000/s", met(sustained(accepting) >= ORDERS_TARGET));
    figure(out, "orders planned end to end, orders/s", planning, sustained(insert), null,
        "≥ 10,000/s and ≥ 50% of limit",
        met(sustained(planning) >= ORDERS_TARGET && sustained(planning) >= PLAN_SHARE_TARGET * sustained(insert)));
    Throughput touches = scaled(planning, touchesPerOrder);
    QuartzBaseline.Scheduling plain = limits.plainQuartz();
    Throughput quartzScheduling = plain == null ? baseline.scheduling() : faster(baseline.scheduling(), plain.scheduling());
    Throughput quartzDeleting = plain == null ? baseline.deleting() : faster(baseline.deleting(), plain.deleting());
    figure(out, "touches planned end to end, touches/s", touches, sustained(insert) * touchesPerOrder, quartzScheduling,
        "≥ 20× Quartz scheduling", met(sustained(touches) >= RATIO_TARGET * sustained(quartzScheduling)));
    Throughput cancelling =
        scaled(cancel.cancelling(), cancel.ordersCancelled() == 0 ? 0 : (double) cancel.touchesCancelled() / cancel.ordersCancelled());
    figure(out, "touches cancelled, touches/s", cancelling, Double.NaN, quartzDeleting,
        "≥ 20× Quartz deleting", met(sustained(cancelling) >= RATIO_TARGET * sustained(quartzDeleting)));
    PaymentBatches.Distribution batches = cancel.paymentBatches();
    cells(out, String.format("%s (%,d batches, %d rounds)", MEASURED_ROWS.get(0), batches.count(), cancel.rounds()),
        "≤ " + millis(batches.p99()), "", "", "", "", "", "",
        "≤ 100 ms over ≥ 50 batches",
        met(batches.p99().compareTo(CANCEL_P99_TARGET) <= 0 && batches.count() >= CANCEL_BATCHES_TARGET));
    for (DispatchLoad.BurstResult b : List.of(burst, burstWithPending)) {
      figure(out, "SMS burst handed to the stub (" + pending(b) + "), touches/s", b.sending(), sustained(sdk),
          baseline.sending().firing(), "≥ 70% of limit", met(sustained(b.sending()) >= SEND_SHARE_TARGET * sustained(sdk)));
    }
    DispatchLoad.BurstResult engine = limits.engine();
    // a burst due at once cannot be handed within 1 s below its own size per second: the p99 target
    // is judged where touches fall due at a steady rate, the next row
    figure(out, String.format("%s, touches/s (%,d due at once; p99 due → handed %s)", MEASURED_ROWS.get(1), engine.due(), millis(engine.lagP99())),
        engine.sending(), Double.NaN, baseline.noOp().firing(), "≥ 5,000/s, ≥ 50× Quartz no-op",
        met(sustained(engine.sending()) >= ENGINE_TARGET && engineRatio() >= ENGINE_RATIO_TARGET));
    DispatchLoad.BurstResult steady = limits.engineSteady();
    figure(out, String.format("%s (%,d/s due for %d s), touches/s (p99 due → handed %s)", MEASURED_ROWS.get(3), sizes.engineRate(),
            sizes.engineSeconds(), millis(steady.lagP99())),
        steady.sending(), Double.NaN, null, "≥ 5,000/s offered, all handed, p99 ≤ 1 s",
        met(keptUp(steady, sizes.engineRate())));
    cells(out, MEASURED_ROWS.get(2) + " (payment consumed before due)", String.format("%,d", lateSends), "", "", "", "", "", "", "0",
        met(lateSends == 0));
    limitRow(out, LIMIT_ROWS.get(0) + ", orders/s", producer);
    limitRow(out, LIMIT_ROWS.get(1) + ", orders/s", insert);
    limitRow(out, LIMIT_ROWS.get(2) + ", SMS/s", sdk);
    limitRow(out, LIMIT_ROWS.get(3) + ", touches/s", engine.sending());
    limitRow(out, "Quartz, best config: jobs scheduled, jobs/s", baseline.scheduling());
    limitRow(out, "Quartz, best config: jobs deleted, jobs/s", baseline.deleting());
    limitRow(out, "Quartz, best config: no-op jobs fired (" + QuartzBaseline.FIRING_THREADS + " threads), jobs/s", baseline.noOp().firing());
    limitRow(out, "Quartz, best config: jobs fired sending the SMS, jobs/s", baseline.sending().firing());
    if (limits.plainQuartz() != null) {
      limitRow(out, PLAIN_QUARTZ_ROWS.get(0) + ", jobs/s", limits.plainQuartz().scheduling());
      limitRow(out, PLAIN_QUARTZ_ROWS.get(1) + ", jobs/s", limits.plainQuartz().deleting());
    }
    out.println();
    out.printf(
        "steady: the units finished in the phase's second half over its length; marked * where the two quarters of that half differ by more than %d%% or the phase ran under %d s (then the whole-phase rate is the one compared with limits, Quartz and targets). JIT: compilation time (JMX) over the phase's wall time, summed over the compiler threads.%n",
        Throughput.SETTLED_WITHIN_PERCENT, Throughput.SETTLED_MIN_SECONDS);
  }

  /**
   * The Quartz figure a ratio is taken against: the best-configured baseline's, or the plain
   * standalone program's where that one was faster — a ratio is only as honest as its baseline.
   */
  private static Throughput faster(Throughput best, Throughput plain) {
    return sustained(plain) > sustained(best) ? plain : best;
  }

  private void figure(PrintStream out, String what, Throughput t, double limit, Throughput quartz, String target, String met) {
    double figure = sustained(t);
    cells(
        out,
        what,
        rate(t.perSecond()),
        steady(t),
        percent(t.jitShare()),
        Double.isNaN(limit) ? "—" : rate(limit),
        Double.isNaN(limit) ? "—" : percent(Rates.ratio(figure, limit)),
        quartz == null ? "—" : rate(sustained(quartz)),
        quartz == null ? "—" : String.format(Locale.ROOT, "%.1f×", Rates.ratio(figure, sustained(quartz))),
        target,
        met);
  }

  private static void limitRow(PrintStream out, String what, Throughput t) {
    cells(out, what, rate(t.perSecond()), steady(t), percent(t.jitShare()), "", "", "", "", "", "");
  }

  private static void cells(PrintStream out, String... cells) {
    out.println("| " + String.join(" | ", cells) + " |");
  }

  /**
   * Whether the engine kept up with touches falling due at {@code offered} per second, at least
   * the target rate: all handed, with a p99 due → handed of at most 1 s. The measured rate is not
   * what is compared: it stays a little under the offered one (the last touch's lag is in the phase).
   */
  static boolean keptUp(DispatchLoad.BurstResult steady, int offered) {
    return offered >= ENGINE_TARGET && steady.sent() == steady.due() && steady.lagP99().compareTo(ENGINE_P99_TARGET) <= 0;
  }

  /** The rate a target is judged on: the steady one once settled, else the whole phase's. */
  static double sustained(Throughput t) {
    return t.settled() ? t.steadyPerSecond() : t.perSecond();
  }

  private static Throughput scaled(Throughput t, double factor) {
    return new Throughput(Math.round(t.count() * factor), t.nanos(), t.steadyPerSecond() * factor, t.settled(), t.jitShare());
  }

  private static String steady(Throughput t) {
    return Double.isNaN(t.steadyPerSecond()) ? "—" : rate(t.steadyPerSecond()) + (t.settled() ? "" : "*");
  }

  private static String rate(double perSecond) {
    return Double.isNaN(perSecond) ? "—" : String.format("%,.0f", perSecond);
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "—" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }

  private static String met(boolean met) {
    return met ? "**met**" : "not met";
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

  private static String millis(Duration duration) {
    double ms = duration.toNanos() / 1e6;
    return ms >= 10_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000) : String.format(Locale.ROOT, "%.1f ms", ms);
  }
}
