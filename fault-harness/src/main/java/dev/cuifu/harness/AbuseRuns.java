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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The abuse runs, after the faults, on the same running processes: records written straight to
 * the orders topic, the tenancy matrix, the OpenAPI fuzzer and, last, the privacy scan over
 * everything the run left behind (logs, dead letters, metrics, the fuzzer's failures).
 */
final class AbuseRuns {

  /**
   * What each run found; {@code null}: not run, or it could not finish (its reason in {@code
   * errors}: a consumer that stalled leaves the tenancy matrix's orders unplanned, for one).
   */
  record Results(RawInputResult rawInput, TenancyResult tenancy, FuzzResult fuzz, PrivacyResult privacy, List<String> errors) {

    boolean passed() {
      return errors.isEmpty() && (rawInput == null || rawInput.passed()) && (tenancy == null || tenancy.passed())
          && (fuzz == null || fuzz.passed()) && (privacy == null || privacy.passed());
    }

    void print(PrintStream out) {
      out.println();
      errors.forEach(error -> out.println("abuse run not finished: " + error));
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

  static Results run(Target target, FaultHarness.Options options, long seed, List<OrderTruth> truth) {
    List<String> errors = new ArrayList<>();
    if (!options.abuse()) {
      return new Results(null, null, null, null, errors);
    }
    RawInputResult rawInput = attempt("raw records on the orders topic", errors, () -> RawTopicInput.run(target));
    TenancyResult tenancy = attempt("tenancy matrix", errors, () -> TenancyMatrix.run(target));
    FuzzResult fuzz = options.fuzzRequests() == 0 ? null
        : attempt(options.fuzzRequests() + " fuzz requests", errors, () -> Fuzzer.run(target, FuzzOptions.of(seed, options.fuzzRequests())));
    Set<String> phones = new HashSet<>(RawTopicInput.PHONES);
    truth.forEach(order -> phones.add(order.phone));
    List<String> answers = fuzz == null ? List.of() : fuzz.failures().stream().map(FuzzResult.Failure::body).toList();
    PrivacyResult privacy = attempt("privacy scan", errors, () -> PrivacyScan.scan(target, phones, answers));
    return new Results(rawInput, tenancy, fuzz, privacy, errors);
  }

  private interface Run<T> {
    T call() throws Exception;
  }

  /** One abuse run; when it cannot finish, its reason goes to {@code errors} and the next one runs. */
  private static <T> T attempt(String name, List<String> errors, Run<T> run) {
    System.out.println("abuse runs: " + name);
    try {
      return run.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      errors.add(name + ": " + e.getMessage());
      return null;
    }
  }
}
