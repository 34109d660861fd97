package dev.cuifu.reminder.dispatch;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How due touches are claimed and sent.
 *
 * @param sweepInterval how often each sweep loop looks for due touches when the last batch was not
 *     full (a sweep takes batch after batch while they come back full): at most this long between
 *     a touch falling due and its claim, on an idle instance
 * @param sweepers sweep loops per instance, side by side, each claiming and sending its own
 *     batches (as that many instances would): one batch's database work overlaps another's rules
 *     and sends
 * @param batchSize touches claimed per statement ({@code FOR UPDATE SKIP LOCKED})
 * @param parallelism buyers of a claimed batch handled side by side (each holds a database
 *     connection while it works, and each sweep loop works on its own batch too: keep {@code
 *     parallelism + sweepers} below the connection pool's size)
 * @param lease how long a claim is held before another instance may recover the touch; renewed
 *     for a touch when its provider attempt starts
 * @param leaseMargin a touch is handed to its provider only while its lease has at least this long
 *     left, so that the call (connect and read timeouts: 2 s + 10 s by default) ends before lease
 *     recovery may take the touch over; less than {@code lease}
 * @param recoveryInterval how often expired leases are looked for and settled
 * @param retryDelay when a provider refusal is retryable, how long until the next attempt
 * @param sweepEnabled whether this instance runs the periodic due-touch sweep; off, nothing is
 *     sent until something calls {@link Dispatcher#dispatchDueNow()} (tests that run one batch by
 *     hand; lease recovery runs either way)
 */
@Validated
@ConfigurationProperties("cuifu.reminder.dispatch")
public record DispatchProperties(
    @DefaultValue("PT0.1S") @NotNull Duration sweepInterval,
    @DefaultValue("1") @Min(1) @Max(16) int sweepers,
    @DefaultValue("500") @Min(1) @Max(10_000) int batchSize,
    @DefaultValue("8") @Min(1) @Max(256) int parallelism,
    @DefaultValue("PT2M") @NotNull Duration lease,
    @DefaultValue("PT30S") @NotNull Duration leaseMargin,
    @DefaultValue("PT30S") @NotNull Duration recoveryInterval,
    @DefaultValue("PT1M") @NotNull Duration retryDelay,
    @DefaultValue("true") boolean sweepEnabled) {

  @AssertTrue(message = "lease-margin must be positive and shorter than lease")
  public boolean isLeaseMarginWithinLease() {
    return lease == null || leaseMargin == null || (!leaseMargin.isNegative() && !leaseMargin.isZero() && leaseMargin.compareTo(lease) < 0);
  }
}
