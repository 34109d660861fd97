package dev.cuifu.reminder.dispatch;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Resilience4j policies around every provider call ({@link ProviderGuard}), one set per
 * provider: {@code cuifu.providers.twilio.*} (SMS) and {@code cuifu.providers.chat-webhook.*}
 * (the shops' IM webhooks). There is deliberately no retry here: a retried send could go out
 * twice, so retries stay with the dispatcher's re-planning.
 *
 * @param twilio SMS through Twilio; the rate limit is per sender (number or Messaging Service)
 * @param chatWebhook chat through the shop's webhook; the rate limit is per shop
 */
@Validated
@ConfigurationProperties("cuifu.providers")
public record ProviderProperties(@DefaultValue @Valid @NotNull Provider twilio, @DefaultValue @Valid @NotNull Provider chatWebhook) {

  /** One provider's circuit breaker, bulkhead and rate limiter. */
  public record Provider(
      @DefaultValue @Valid @NotNull CircuitBreaker circuitBreaker,
      @DefaultValue @Valid @NotNull Bulkhead bulkhead,
      @DefaultValue @Valid @NotNull RateLimit rateLimit) {}

  /**
   * Opens when, over the last {@code slidingWindowSize} calls (and at least
   * {@code minimumNumberOfCalls}), at least {@code failureRateThreshold} percent failed: retryable
   * refusals (429, 5xx), unknown outcomes (timeouts) and unexpected errors. A permanent refusal
   * (an invalid number) shows the provider is up and counts as a success.
   *
   * @param failureRateThreshold percent of failed calls that opens the circuit
   * @param slidingWindowSize how many of the latest calls are looked at (count based)
   * @param minimumNumberOfCalls calls needed before the failure rate is judged at all
   * @param waitDurationInOpenState how long the circuit stays open; touches wait this long
   * @param permittedNumberOfCallsInHalfOpenState trial calls after the wait that decide whether to close
   */
  public record CircuitBreaker(
      @DefaultValue("50") @DecimalMin("1") @DecimalMax("100") float failureRateThreshold,
      @DefaultValue("50") @Min(1) int slidingWindowSize,
      @DefaultValue("20") @Min(1) int minimumNumberOfCalls,
      @DefaultValue("PT30S") @NotNull Duration waitDurationInOpenState,
      @DefaultValue("3") @Min(1) int permittedNumberOfCallsInHalfOpenState) {}

  /**
   * @param maxConcurrentCalls calls to the provider in flight at once, across the instance
   * @param retryAfter when the bulkhead is full, how long the touch waits before it is tried again
   */
  public record Bulkhead(@DefaultValue("25") @Min(1) int maxConcurrentCalls, @DefaultValue("PT1S") @NotNull Duration retryAfter) {}

  /**
   * The provider's messages-per-second: {@code limitForPeriod} calls per {@code limitRefreshPeriod}.
   *
   * @param limitForPeriod calls allowed per period
   * @param limitRefreshPeriod the period
   * @param timeoutDuration how long a send may wait for a permit before the touch is deferred instead
   * @param retryAfter when no permit came in time, how long the touch waits before it is tried again
   */
  public record RateLimit(
      @DefaultValue("50") @Min(1) @Max(100_000) int limitForPeriod,
      @DefaultValue("PT1S") @NotNull Duration limitRefreshPeriod,
      @DefaultValue("PT0.5S") @NotNull Duration timeoutDuration,
      @DefaultValue("PT1S") @NotNull Duration retryAfter) {}
}
