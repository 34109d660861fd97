package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.channel.chat.ChatSendException;
import dev.cuifu.reminder.channel.sms.SmsSendException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Resilience4j around every provider call: per provider account a circuit breaker and a bulkhead
 * (the deployment's account, shared by the shops without one, under the provider's name; a shop's
 * own Twilio account under {@code twilio:<AccountSid>}), and per sender (SMS) or shop (chat) a rate
 * limiter. So one shop's own configuration errors (wrong token: Twilio 20003, suspended account)
 * open that shop's circuit and pause its messages only; the others keep flowing. Two steps, so that a touch the provider may not be
 * called for is never started: {@link #tryAcquire} asks every policy for a permit without calling
 * anything; when it is refused the caller puts the touch back in the plan for {@link
 * Permit#retryAfter()} (waiting, never failing). No Resilience4j retry: a retried send could go out
 * twice, so retries stay with the dispatcher's re-planning.
 *
 * <p>The circuit breaker counts as failures only what says the provider is in trouble: retryable
 * refusals, unknown outcomes (timeouts) and unexpected exceptions. A permanent refusal (invalid
 * number, bad webhook URL) is the provider working, and counts as a success. An {@link Error} is
 * neither. The open state's wait runs on the service's {@link Clock}.
 */
@Component
public class ProviderGuard {

  public static final String TWILIO = "twilio";
  public static final String CHAT_WEBHOOK = "chat-webhook";

  /** Counts the calls not made for a shop, by the policy that held them back. */
  static final String DEFERRED_METRIC = "cuifu.provider.deferred";

  private static final Logger log = LoggerFactory.getLogger(ProviderGuard.class);

  /**
   * Whom a provider call is for.
   *
   * @param shopId the shop (for the metric and the log)
   * @param ownAccount the provider account when it is the shop's own, which then has its own
   *     circuit breaker and bulkhead; {@code null}: the deployment's, shared
   */
  public record Caller(String shopId, String ownAccount) {}

  private final Map<String, ProviderProperties.Provider> providers;
  private final CircuitBreakerRegistry circuitBreakers;
  private final BulkheadRegistry bulkheads;
  private final RateLimiterRegistry rateLimiters;
  private final Clock clock;
  private final MeterRegistry meters;
  /** The circuit breakers and bulkheads made so far, by name (each made once, with its listener). */
  private final ConcurrentMap<String, String> created = new ConcurrentHashMap<>();

  ProviderGuard(ProviderProperties properties, Clock clock, MeterRegistry meters) {
    this.clock = clock;
    this.meters = meters;
    this.providers = Map.of(TWILIO, properties.twilio(), CHAT_WEBHOOK, properties.chatWebhook());
    this.circuitBreakers = CircuitBreakerRegistry.ofDefaults();
    this.bulkheads = BulkheadRegistry.ofDefaults();
    this.rateLimiters = RateLimiterRegistry.ofDefaults();
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuitBreakers).bindTo(meters);
    TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
    TaggedRateLimiterMetrics.ofRateLimiterRegistry(rateLimiters).bindTo(meters);
    providers.forEach((name, provider) -> guards(name, null, null));
  }

  static CircuitBreakerConfig circuitBreakerConfig(ProviderProperties.CircuitBreaker p, Clock clock) {
    return CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(p.slidingWindowSize())
        .minimumNumberOfCalls(p.minimumNumberOfCalls())
        .failureRateThreshold(p.failureRateThreshold())
        .waitDurationInOpenState(p.waitDurationInOpenState())
        .permittedNumberOfCallsInHalfOpenState(p.permittedNumberOfCallsInHalfOpenState())
        .recordException(ProviderGuard::providerInTrouble)
        .writableStackTraceEnabled(false)
        .clock(clock)
        .build();
  }

  static BulkheadConfig bulkheadConfig(ProviderProperties.Bulkhead p) {
    return BulkheadConfig.custom()
        .maxConcurrentCalls(p.maxConcurrentCalls())
        .maxWaitDuration(Duration.ZERO)
        .writableStackTraceEnabled(false)
        .build();
  }

  static RateLimiterConfig rateLimiterConfig(ProviderProperties.RateLimit p) {
    return RateLimiterConfig.custom()
        .limitForPeriod(p.limitForPeriod())
        .limitRefreshPeriod(p.limitRefreshPeriod())
        .timeoutDuration(p.timeoutDuration())
        .writableStackTraceEnabled(false)
        .build();
  }

  /** Whether a failed call counts against the provider's circuit. */
  static boolean providerInTrouble(Throwable failure) {
    if (failure instanceof SmsSendException sms) {
      return sms.kind() != SmsSendException.Kind.PERMANENT;
    }
    if (failure instanceof ChatSendException chat) {
      return chat.kind() != ChatSendException.Kind.PERMANENT;
    }
    return true;
  }

  /** The provider's circuit breaker for the deployment's account (state, metrics; tests reset it). */
  public CircuitBreaker circuitBreaker(String provider) {
    return circuitBreaker(provider, null);
  }

  /** The circuit breaker of a shop's own provider account ({@code null}: the deployment's). */
  public CircuitBreaker circuitBreaker(String provider, String ownAccount) {
    requireKnown(provider);
    return circuitBreakers.circuitBreaker(guards(provider, ownAccount, null));
  }

  Bulkhead bulkhead(String provider) {
    requireKnown(provider);
    return bulkheads.bulkhead(guards(provider, null, null));
  }

  RateLimiter rateLimiter(String provider, String rateKey) {
    ProviderProperties.Provider p = requireKnown(provider);
    String key = rateKey == null || rateKey.isBlank() ? "default" : rateKey;
    return rateLimiters.rateLimiter(provider + ":" + key, rateLimiterConfig(p.rateLimit()));
  }

  private ProviderProperties.Provider requireKnown(String provider) {
    ProviderProperties.Provider p = providers.get(provider);
    if (p == null) {
      throw new IllegalArgumentException("unknown provider " + provider + ", expected one of " + providers.keySet());
    }
    return p;
  }

  /**
   * The name of the account's circuit breaker and bulkhead, both created on first use with the
   * provider's settings; a circuit's change of state is logged once, naming the shop whose own
   * account it is (an account belongs to one shop).
   */
  private String guards(String provider, String ownAccount, String shopId) {
    String name = ownAccount == null || ownAccount.isBlank() ? provider : provider + ":" + ownAccount.strip();
    return created.computeIfAbsent(
        name,
        n -> {
          ProviderProperties.Provider p = providers.get(provider);
          String scope =
              n.equals(provider)
                  ? "the deployment's account, every shop without its own"
                  : shopId == null ? "one shop's own account only" : "shop " + shopId + "'s own account only";
          circuitBreakers
              .circuitBreaker(n, circuitBreakerConfig(p.circuitBreaker(), clock))
              .getEventPublisher()
              .onStateTransition(
                  event ->
                      log.warn(
                          "{} circuit {}: {} ({})",
                          n,
                          event.getStateTransition(),
                          event.getStateTransition().getToState() == CircuitBreaker.State.CLOSED ? "calls resume" : "calls through it wait",
                          scope));
          bulkheads.bulkhead(n, bulkheadConfig(p.bulkhead()));
          return n;
        });
  }

  /**
   * Asks the circuit breaker, the bulkhead and then the rate limiter (which may block up to its
   * timeout) for one call to the provider through the deployment's account. Nothing is called yet.
   *
   * @param rateKey what the provider limits by: the SMS sender, the chat shop
   * @return a granted permit to {@link Permit#call} (or {@link Permit#release}), or a refused one
   *     saying why and how long to wait
   */
  public Permit tryAcquire(String provider, String rateKey) {
    return tryAcquire(provider, null, rateKey);
  }

  /**
   * As {@link #tryAcquire(String, String)}, through the caller's account: a shop's own account has
   * its own circuit breaker and bulkhead. A refusal is counted in {@value #DEFERRED_METRIC} tagged
   * by provider, shop and the policy that refused.
   *
   * @param caller the shop and its own account; {@code null}: no shop, the deployment's account
   */
  public Permit tryAcquire(String provider, Caller caller, String rateKey) {
    Permit permit = acquire(provider, caller, rateKey);
    if (!permit.granted() && caller != null && caller.shopId() != null) {
      meters.counter(DEFERRED_METRIC, "provider", provider, "shop", caller.shopId(), "policy", permit.policy).increment();
    }
    return permit;
  }

  private Permit acquire(String provider, Caller caller, String rateKey) {
    ProviderProperties.Provider p = requireKnown(provider);
    String name = caller == null ? guards(provider, null, null) : guards(provider, caller.ownAccount(), caller.shopId());
    String what = name.equals(provider) ? provider : provider + " (the shop's own account)";
    CircuitBreaker circuit = circuitBreakers.circuitBreaker(name);
    if (!circuit.tryAcquirePermission()) {
      // a refusal while the state still reads CLOSED is the circuit opening right now (another
      // thread's failure is moving it): say open, as it is a moment later
      CircuitBreaker.State state = circuit.getState();
      return Permit.refused(
          "circuit",
          what + " circuit " + (state == CircuitBreaker.State.CLOSED ? "open" : state.name().toLowerCase()) + ": waiting",
          p.circuitBreaker().waitDurationInOpenState());
    }
    Bulkhead bulkhead = bulkheads.bulkhead(name);
    if (!bulkhead.tryAcquirePermission()) {
      circuit.releasePermission();
      return Permit.refused(
          "bulkhead", what + " bulkhead full (" + p.bulkhead().maxConcurrentCalls() + " calls in flight): waiting", p.bulkhead().retryAfter());
    }
    RateLimiter limiter = rateLimiter(provider, rateKey);
    if (!limiter.acquirePermission()) {
      bulkhead.releasePermission();
      circuit.releasePermission();
      return Permit.refused(
          "rate-limit",
          provider + " rate limit (" + p.rateLimit().limitForPeriod() + " per " + p.rateLimit().limitRefreshPeriod() + ") reached: waiting",
          p.rateLimit().retryAfter());
    }
    return new Permit(circuit, bulkhead, null, null, null);
  }

  /** Leave to call the provider once, or the reason there is none. */
  public static final class Permit {

    private final CircuitBreaker circuit;
    private final Bulkhead bulkhead;
    private final String policy;
    private final String refusal;
    private final Duration retryAfter;
    private boolean used;

    private Permit(CircuitBreaker circuit, Bulkhead bulkhead, String policy, String refusal, Duration retryAfter) {
      this.circuit = circuit;
      this.bulkhead = bulkhead;
      this.policy = policy;
      this.refusal = refusal;
      this.retryAfter = retryAfter;
    }

    static Permit refused(String policy, String reason, Duration retryAfter) {
      return new Permit(null, null, policy, reason, retryAfter);
    }

    public boolean granted() {
      return refusal == null;
    }

    /** Why the provider may not be called now ("twilio circuit open: waiting"), when refused. */
    public String refusal() {
      return refusal;
    }

    /** How long the touch should wait before it is tried again, when refused. */
    public Duration retryAfter() {
      return retryAfter;
    }

    /**
     * Makes the one call this permit allows and records its outcome with the circuit breaker;
     * whatever the call throws is rethrown unchanged.
     */
    public <T> T call(Supplier<T> providerCall) {
      take();
      long start = System.nanoTime();
      boolean recorded = false;
      try {
        T result = providerCall.get();
        circuit.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        recorded = true;
        return result;
      } catch (RuntimeException e) {
        circuit.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
        recorded = true;
        throw e;
      } finally {
        if (!recorded) {
          circuit.releasePermission();
        }
        bulkhead.onComplete();
      }
    }

    /** Gives a granted permit back unused. */
    public void release() {
      take();
      circuit.releasePermission();
      bulkhead.releasePermission();
    }

    private void take() {
      if (!granted()) {
        throw new IllegalStateException("permit refused: " + refusal);
      }
      if (used) {
        throw new IllegalStateException("permit already used");
      }
      used = true;
    }
  }
}
