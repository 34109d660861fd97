package dev.cuifu.harness.fuzz;

import java.time.Duration;

/**
 * How a fuzz run goes.
 *
 * @param seed picks the cases, their order and their variants: the same seed sends the same
 *     requests (apart from the fuzzer's own shop ids and credentials)
 * @param requests the budget, spread over every operation of both documents (each gets at least
 *     three); CI uses about 1,000, a full run 10,000 or more
 * @param threads requests in flight at once
 * @param timeout how long one request may take before it counts as unanswered
 */
public record FuzzOptions(long seed, int requests, int threads, Duration timeout) {

  public FuzzOptions {
    if (requests < 1 || threads < 1) {
      throw new IllegalArgumentException("requests and threads must be at least 1");
    }
  }

  /** Four threads, 30 s per request. */
  public static FuzzOptions of(long seed, int requests) {
    return new FuzzOptions(seed, requests, 4, Duration.ofSeconds(30));
  }
}
