package dev.cuifu.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.launcher.LauncherSettings;
import dev.cuifu.launcher.LocalStack;
import dev.cuifu.testing.twilio.StubMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every phase of the benchmark at tiny sizes: the counts, not the timings. */
class BenchmarkSmokeTests {

  @TempDir Path dataDir;

  @Test
  void everyPhaseCountsWhatItPosted() {
    // 3 cancel rounds of 20 orders, bursts of 50 SMS and 40 through the engine alone, then 20/s
    // falling due for 2 s through it
    BenchmarkSizes sizes = new BenchmarkSizes(300, 50, 2, 20, 10, 3, 100, 50, 40, 2_000, 1, 1, 20, 2);
    NoOpChannel noOp = new NoOpChannel();
    try (LocalStack stack = LocalStack.start(LauncherSettings.ephemeral(dataDir, Benchmark.SMS_DELAY), Benchmark.reminderHooks(noOp))) {
      BenchmarkReport report = Benchmark.run(stack, noOp, sizes);
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
      System.out.print(printed.toString(StandardCharsets.UTF_8));
      assertPrintsEveryLimitRow(printed.toString(StandardCharsets.UTF_8));

      assertThat(report.ordersAccepted()).isEqualTo(300);
      assertThat(report.ordersPlanned()).isEqualTo(300);
      ConsumerLag.Result lag = report.ingest().lag();
      assertThat(lag.samples()).filteredOn(s -> s.atNanos() <= lag.lastPostNanos()).isNotEmpty();
      assertThat(lag.atLastPost().accepted()).isEqualTo(300);
      assertThat(lag.finalLag()).isZero();
      assertThat(lag.samples().get(lag.samples().size() - 1).planned()).isEqualTo(300);
      assertThat(report.sampleOrdersPaid()).isEqualTo(60);
      assertThat(report.sampleOrdersCancelled()).isEqualTo(60);
      assertThat(report.cancel().touchesCancelled()).isGreaterThanOrEqualTo(60);
      // each round's payments in batches of their own, every one of them counted into the buckets
      assertThat(report.cancel().paymentBatches().count()).isGreaterThanOrEqualTo(3);
      assertThat(report.cancel().paymentBatches().p99()).isPositive();
      assertThat(report.baselineJobsScheduled()).isEqualTo(100);
      assertThat(report.baselineJobsDeleted()).isEqualTo(100);
      // the plain standalone Quartz program, in a JVM of its own, on the same jobs
      assertThat(report.limits().plainQuartz().scheduled()).isEqualTo(100);
      assertThat(report.limits().plainQuartz().deleted()).isEqualTo(100);
      assertThat(report.burst().sent()).isEqualTo(50);
      assertThat(report.burstWithPending().sent()).isEqualTo(50);
      assertThat(report.burstWithPending().pending()).isGreaterThanOrEqualTo(2_000);
      assertThat(report.burst().claims().count()).isPositive();
      // the engine alone: every touch claimed, judged and recorded SENT, none handed to the stub
      assertThat(report.limits().engine().sent()).isEqualTo(40);
      assertThat(report.limits().engine().notSent()).isZero();
      assertThat(report.limits().engineSteady().sent()).isEqualTo(40);
      assertThat(report.limits().engineSteady().notSent()).isZero();
      assertThat(noOp.accepted()).isEqualTo((40 + 40) * (1 + sizes.warmupRounds()));
      assertThat(stack.twilio().messages()).filteredOn(m -> m.to().startsWith(StackLoad.BUYER_PREFIX))
          .as("SMS to buyers: two bursts in the measured round and one in the warm-up, not the engine's")
          .hasSize(50 * (2 + sizes.warmupRounds()));
      assertThat(report.engineRatio()).isPositive();
      assertThat(report.lateSends()).isZero();
      assertThat(report.baseline().noOp().fired()).isEqualTo(100);
      assertThat(report.baseline().sending().fired()).isEqualTo(100);
      assertThat(report.baseline().sending().failed()).isZero();
      assertThat(report.fireRatio()).isPositive();
      assertThat(report.planRatio()).isPositive();
      assertThat(report.cancelRatio()).isPositive();
      // each limit's workload at least once, repeated for a second
      assertThat(report.limits().rawProducer().count()).isGreaterThanOrEqualTo(200);
      assertThat(report.limits().rawInsert().count()).isGreaterThanOrEqualTo(200);
      assertThat(report.limits().rawSdk().count()).isGreaterThanOrEqualTo(50);
      assertBaselineSentWhatATouchSends(stack.twilio().messages(), sizes);
    }
  }

  /** One table, with a row for every limit beside the figures; what the figures are is never asserted. */
  private static void assertPrintsEveryLimitRow(String printed) {
    List<String> rows = printed.lines().filter(line -> line.startsWith("| ")).toList();
    assertThat(rows).first().asString().contains("| limit (same run) | share of limit | Quartz, fastest config | ratio | target | met |");
    for (String limit : BenchmarkReport.LIMIT_ROWS) {
      assertThat(rows)
          .as("the row of " + limit + ", with a figure")
          .anySatisfy(row -> assertThat(row).startsWith("| " + limit).satisfies(r -> assertThat(r.split("\\|")[2]).containsPattern("[0-9]")));
    }
    for (String plain : BenchmarkReport.PLAIN_QUARTZ_ROWS) {
      assertThat(rows)
          .as("the row of " + plain + ", with a figure")
          .anySatisfy(row -> assertThat(row).startsWith("| " + plain).satisfies(r -> assertThat(r.split("\\|")[2]).containsPattern("[0-9]")));
    }
    for (String figure : BenchmarkReport.MEASURED_ROWS) {
      assertThat(rows)
          .as("the row of " + figure + ", with a figure")
          .anySatisfy(row -> assertThat(row).startsWith("| " + figure).satisfies(r -> assertThat(r.split("\\|")[2]).containsPattern("[0-9]")));
    }
    assertThat(rows).as("no row left unmeasured").noneSatisfy(row -> assertThat(row).contains("not measured"));
    assertThat(rows)
        .filteredOn(row -> row.startsWith("| orders planned end to end") || row.startsWith("| orders accepted") || row.startsWith("| SMS burst"))
        .as("each figure beside its limit and its share of it")
        .hasSize(4)
        .allSatisfy(row -> assertThat(row.split("\\|")[5]).containsPattern("[0-9]"));
  }

  /** Every sending job's SMS reached the stub, to its own number, as reminder-service sends a touch. */
  private static void assertBaselineSentWhatATouchSends(List<StubMessage> received, BenchmarkSizes sizes) {
    Map<Boolean, List<StubMessage>> byBaseline =
        received.stream().collect(Collectors.partitioningBy(m -> m.to().startsWith(BaselineSms.TO_PREFIX)));
    List<StubMessage> baseline = byBaseline.get(true);
    StubMessage touch = byBaseline.get(false).get(byBaseline.get(false).size() - 1);
    // each round's sending burst: the warm-up's and the measured one
    assertThat(baseline).hasSize(100 * (1 + sizes.warmupRounds()));
    assertThat(baseline.stream().map(StubMessage::to).distinct()).hasSize(100);
    assertThat(baseline)
        .allSatisfy(
            sms -> {
              assertThat(sms.accountSid()).isEqualTo(touch.accountSid());
              assertThat(sms.from()).isEqualTo(touch.from());
              assertThat(sms.statusCallback()).isEqualTo(touch.statusCallback());
              assertThat(sms.numSegments()).isEqualTo(touch.numSegments());
            });
  }
}
