package dev.cuifu.benchmark;

import dev.cuifu.testing.twilio.TwilioStubServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dispatch phase's limit: twilio-java sending the SMS a touch sends ({@link BaselineSms}: the
 * same adapter, parameters and connection pool) to the same stub, from as many threads as
 * reminder-service's dispatch works with, and nothing else: no claim, no rule, no database. The
 * stub posts its delivery reports for these too, as it does for the touches.
 */
final class RawSdkLimit {

  /** The limit's recipients: {@code +86137} and 8 digits, apart from the buyers and the Quartz baseline's. */
  static final String TO_PREFIX = "+86137";

  /**
   * Bursts sent at most: each SMS brings three delivery reports the next phase waits for (at 30,000
   * SMS a burst, four bursts are 360,000 reports).
   */
  static final int MAX_ROUNDS = 4;

  /** reminder-service's {@code cuifu.reminder.dispatch.parallelism} default: buyers sent to side by side. */
  static final int DISPATCH_THREADS = 8;

  private RawSdkLimit() {}

  /**
   * Sends {@code count} SMS, each to a number of its own, and more until {@code atLeast} has passed
   * (at most {@value #MAX_ROUNDS} times as many); the rate counts those the stub accepted.
   */
  static Throughput measure(TwilioStubServer stub, int count, Duration atLeast) {
    AtomicLong next = new AtomicLong();
    AtomicLong sent = new AtomicLong();
    try (BaselineSms sms = BaselineSms.like(stub)) {
      PhaseClock clock = PhaseClock.start();
      Workers.run(
          "raw-sdk-limit",
          DISPATCH_THREADS,
          () -> {
            for (long i = next.getAndIncrement(); i < MAX_ROUNDS * (long) count && clock.moreTo(i, count, atLeast); i = next.getAndIncrement()) {
              try {
                sms.send(BaselineSms.to(TO_PREFIX, (int) (i % 100_000_000)));
                sent.incrementAndGet();
                clock.done(1);
              } catch (RuntimeException e) {
                // counted out: the rate is of SMS the stub accepted
              }
            }
          });
      return clock.measure(sent.get(), System.nanoTime() - clock.startNanos());
    }
  }
}
