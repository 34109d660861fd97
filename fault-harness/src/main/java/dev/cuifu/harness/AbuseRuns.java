package dev.cuifu.harness;

import dev.cuifu.harness.fuzz.FuzzOptions;
import dev.cuifu.harness.fuzz.FuzzResult;
import dev.cuifu.harness.fuzz.Fuzzer;
import dev.cuifu.harness.privacy.PrivacyResult;
import dev.cuifu.harness.privacy.PrivacyScan;
import dev.cuifu.harness.rawinput.RawInputResult;
import dev.cuifu.harness.rawinput.RawTopicInput;
import dev.cuifu.harness.tenancy.TenancyMatrix;
import dev.cuifu.harness.tenancy.TenancyResult;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The abuse runs, after the faults, on the same running processes: records written straight to
 * the orders topic, the tenancy matrix, the OpenAPI fuzzer and, last, the privacy scan over
 * everything the run left behind (logs, dead letters, metrics, the fuzzer's failures).
 */
final class AbuseRuns {

  /** What each run found; {@code null}: not run. */
  record Results(RawInputResult rawInput, TenancyResult tenancy, FuzzResult fuzz, PrivacyResult privacy) {

    boolean passed() {
      return (rawInput == null || rawInput.passed()) && (tenancy == null || tenancy.passed())
          && (fuzz == null || fuzz.passed()) && (privacy == null || privacy.passed());
    }

    void print(PrintStream out) {
      out.println();
      for (Object result : new Object[] {rawInput, tenancy, fuzz, privacy}) {
        if (result instanceof RawInputResult r) {
          r.print(out);
        } else if (result instanceof TenancyResult t) {
          t.print(out);
        } else if (result instanceof FuzzResult f) {
          f.print(out);
        } else if (result instanceof PrivacyResult p) {
          p.print(out);
        }
      }
    }
  }

  private AbuseRuns() {}

  static Results run(Target target, FaultHarness.Options options, long seed, List<OrderTruth> truth) throws Exception {
    if (!options.abuse()) {
      return new Results(null, null, null, null);
    }
    System.out.println("abuse runs: raw records on the orders topic");
    RawInputResult rawInput = RawTopicInput.run(target);
    System.out.println("abuse runs: tenancy matrix");
    TenancyResult tenancy = TenancyMatrix.run(target);
    FuzzResult fuzz = null;
    if (options.fuzzRequests() > 0) {
      System.out.printf("abuse runs: %d fuzz requests%n", options.fuzzRequests());
      fuzz = Fuzzer.run(target, FuzzOptions.of(seed, options.fuzzRequests()));
    }
    System.out.println("abuse runs: privacy scan");
    Set<String> phones = new HashSet<>(RawTopicInput.PHONES);
    truth.forEach(order -> phones.add(order.phone));
    List<String> answers = fuzz == null ? List.of() : fuzz.failures().stream().map(FuzzResult.Failure::body).toList();
    PrivacyResult privacy = PrivacyScan.scan(target, phones, answers);
    return new Results(rawInput, tenancy, fuzz, privacy);
  }
}
