package dev.cuifu.benchmark;

/**
 * How much load one benchmark run puts on the stack. The defaults make each measured phase about
 * 30 s or more of work on a quiet 2-core machine (planning 200,000 orders, sending 30,000 SMS,
 * deleting 20,000 Quartz jobs), long enough for its rate to settle; the smoke test runs tiny sizes.
 *
 * @param orders orders posted (OrderCreated), each planned as touch rows
 * @param batchSize events per {@code POST /api/v1/events/batch} (the API allows up to 1,000)
 * @param clients client threads posting batches, and threads scheduling Quartz jobs
 * @param cancelSample orders of those posted that are then paid (OrderPaid) in each cancel round
 * @param cancelBatchSize events per batch when paying the sample (small, so that each order's
 *     "accepted" time is close to when it was sent)
 * @param cancelRounds cancel rounds, one after the other, each paying {@code cancelSample} orders
 *     of its own once the last round's touches are all cancelled: one round is a handful of
 *     reminder-service's consumer batches, and the cancel p99 is judged over at least 50
 * @param baselineJobs one-off Quartz jobs scheduled, then deleted, by the baseline; as many again
 *     fire at once in its firing burst
 * @param burst SMS touches made due at once in each dispatch burst (two bursts: before and after
 *     the pending fill), taken from the orders posted
 * @param engineBurst SMS touches made due at once for the engine-alone burst (claim, every rule,
 *     record, with a no-op channel), taken from the orders posted
 * @param engineRate touches/s falling due at a steady rate for the engine-alone steady phase
 * @param engineSeconds how long that steady phase's touches keep falling due
 * @param pending touches, due in a week or more, added before the second burst ({@code 0}: none)
 * @param warmupRounds at most this many unmeasured rounds of the same workload (ingest, cancel, a
 *     burst, the Quartz baseline with at most 1,000 jobs) run first, until one in which the JIT
 *     compilers took under {@link Benchmark#JIT_QUIET} of the wall time: on two cores they alone
 *     take a third of the CPU while the stack's code is still cold, which is not the sustained rate
 * @param limitSeconds how long each limit runs at least in the measured round: a limit is faster
 *     than the figure it bounds, so its workload (the same events, rows or SMS) is repeated until
 *     it has run this long, for a steady rate ({@code 0}: once)
 */
public record BenchmarkSizes(
    int orders,
    int batchSize,
    int clients,
    int cancelSample,
    int cancelBatchSize,
    int cancelRounds,
    int baselineJobs,
    int burst,
    int engineBurst,
    int pending,
    int warmupRounds,
    int limitSeconds,
    int engineRate,
    int engineSeconds) {

  public static final BenchmarkSizes DEFAULTS =
      new BenchmarkSizes(200_000, 1_000, 4, 1_000, 100, 20, 20_000, 30_000, 30_000, 1_000_000, 3, 30, 5_000, 30);

  public BenchmarkSizes {
    positive("orders", orders);
    positive("batch size", batchSize);
    positive("clients", clients);
    positive("cancel sample", cancelSample);
    positive("cancel batch size", cancelBatchSize);
    positive("cancel rounds", cancelRounds);
    positive("baseline jobs", baselineJobs);
    positive("burst", burst);
    positive("engine burst", engineBurst);
    positive("engine rate", engineRate);
    positive("engine seconds", engineSeconds);
    if ((long) engineRate * engineSeconds > 10_000_000) {
      throw new IllegalArgumentException("the steady phase's touches (engine rate × seconds) are at most 10,000,000");
    }
    if (pending < 0) {
      throw new IllegalArgumentException("pending cannot be negative, was " + pending);
    }
    if (warmupRounds < 0) {
      throw new IllegalArgumentException("warm-up rounds cannot be negative, was " + warmupRounds);
    }
    if (limitSeconds < 0) {
      throw new IllegalArgumentException("limit seconds cannot be negative, was " + limitSeconds);
    }
    if ((long) cancelSample * cancelRounds + 2L * burst + engineBurst > orders) {
      throw new IllegalArgumentException(
          "the cancel rounds' samples, two bursts and the engine burst need at least as many orders posted");
    }
    if (batchSize > 1_000 || cancelBatchSize > 1_000) {
      throw new IllegalArgumentException("a batch holds at most 1,000 events");
    }
    if (cancelSample > orders) {
      throw new IllegalArgumentException("the cancel sample cannot be larger than the orders posted");
    }
  }

  /**
   * {@code --orders N --batch-size N --clients N --cancel-sample N --cancel-batch-size N
   * --cancel-rounds N --baseline-jobs N --burst N --engine-burst N --pending N --warmup N
   * --limit-seconds N --engine-rate N --engine-seconds N}. Left out, the cancel rounds are as many as fit in half the orders (or in
   * what the bursts leave) up to 20, the burst as large as the orders left allow up to 30,000,
   * and the engine burst as large as the burst.
   */
  public static BenchmarkSizes parse(String[] args) {
    int orders = DEFAULTS.orders();
    int batchSize = DEFAULTS.batchSize();
    int clients = DEFAULTS.clients();
    int cancelSample = -1;
    int cancelBatchSize = DEFAULTS.cancelBatchSize();
    int cancelRounds = -1;
    int baselineJobs = DEFAULTS.baselineJobs();
    int burst = -1;
    int engineBurst = -1;
    int pending = DEFAULTS.pending();
    int warmupRounds = DEFAULTS.warmupRounds();
    int limitSeconds = DEFAULTS.limitSeconds();
    int engineRate = DEFAULTS.engineRate();
    int engineSeconds = DEFAULTS.engineSeconds();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + name);
      }
      int value = Integer.parseInt(args[++i].replace("_", "").replace(",", ""));
      switch (name) {
        case "--orders" -> orders = value;
        case "--batch-size" -> batchSize = value;
        case "--clients" -> clients = value;
        case "--cancel-sample" -> cancelSample = value;
        case "--cancel-batch-size" -> cancelBatchSize = value;
        case "--cancel-rounds" -> cancelRounds = value;
        case "--baseline-jobs" -> baselineJobs = value;
        case "--burst" -> burst = value;
        case "--engine-burst" -> engineBurst = value;
        case "--pending" -> pending = value;
        case "--warmup" -> warmupRounds = value;
        case "--limit-seconds" -> limitSeconds = value;
        case "--engine-rate" -> engineRate = value;
        case "--engine-seconds" -> engineSeconds = value;
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    if (cancelSample < 0) {
      cancelSample = Math.min(DEFAULTS.cancelSample(), orders);
    }
    if (cancelRounds < 0) {
      long room = burst < 0 ? orders / 2 : orders - 2L * burst - (engineBurst < 0 ? burst : engineBurst);
      cancelRounds = (int) Math.max(1, Math.min(DEFAULTS.cancelRounds(), room / Math.max(1, cancelSample)));
    }
    if (burst < 0) {
      long left = orders - (long) cancelSample * cancelRounds;
      burst = (int) Math.min(DEFAULTS.burst(), engineBurst < 0 ? left / 3 : (left - engineBurst) / 2);
    }
    if (engineBurst < 0) {
      engineBurst = burst;
    }
    return new BenchmarkSizes(
        orders, batchSize, clients, cancelSample, cancelBatchSize, cancelRounds, baselineJobs, burst, engineBurst, pending,
        warmupRounds, limitSeconds, engineRate, engineSeconds);
  }

  private static void positive(String what, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, was " + value);
    }
  }
}
