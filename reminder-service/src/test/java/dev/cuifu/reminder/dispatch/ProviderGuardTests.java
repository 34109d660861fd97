package dev.cuifu.reminder.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cuifu.reminder.channel.chat.ChatSendException;
import dev.cuifu.reminder.channel.sms.SmsMessage;
import dev.cuifu.reminder.channel.sms.SmsReceipt;
import dev.cuifu.reminder.channel.sms.SmsSendException;
import dev.cuifu.testing.SettableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The guard's policies with small thresholds, around a fake provider call. */
class ProviderGuardTests {

  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-11T02:00:00Z"));
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  /** Opens after 4 calls with half failed, waits 10 s, one trial call; 2 in flight; 3 per second per sender. */
  private static ProviderProperties.Provider small() {
    return new ProviderProperties.Provider(
        new ProviderProperties.CircuitBreaker(50, 4, 4, Duration.ofSeconds(10), 1),
        new ProviderProperties.Bulkhead(2, Duration.ofSeconds(1)),
        new ProviderProperties.RateLimit(3, Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(1)));
  }

  private final ProviderGuard guard = new ProviderGuard(new ProviderProperties(small(), small()), clock, meters);

  /** A fake SMS provider: answers with what it was told, counts the sends that reached it. */
  private final List<SmsMessage> reached = new ArrayList<>();
  private final AtomicReference<SmsSendException> failWith = new AtomicReference<>();

  private SmsReceipt fakeSend(SmsMessage message) {
    reached.add(message);
    SmsSendException failure = failWith.get();
    if (failure != null) {
      throw failure;
    }
    return new SmsReceipt("SM" + reached.size(), "queued");
  }

  /** One send through the guard as the dispatcher makes it: the refusal, or null when it was called. */
  private String send(String from) {
    ProviderGuard.Permit permit = guard.tryAcquire(ProviderGuard.TWILIO, from);
    if (!permit.granted()) {
      return permit.refusal();
    }
    try {
      permit.call(() -> fakeSend(new SmsMessage("test-shop", "+8613900000001", from, "hi")));
    } catch (SmsSendException expected) {
      // the dispatcher's business
    }
    return null;
  }

  private CircuitBreaker twilio() {
    return guard.circuitBreaker(ProviderGuard.TWILIO);
  }

  @Test
  void retryableFailuresOpenTheCircuitAndTheProviderIsNotCalledUntilTheWaitHasPassed() {
    failWith.set(SmsSendException.retryable(20503, "Service unavailable", null));
    for (int i = 0; i < 4; i++) {
      assertThat(send("sender-" + i)).isNull();
    }
    assertThat(twilio().getState()).isEqualTo(CircuitBreaker.State.OPEN);

    ProviderGuard.Permit refused = guard.tryAcquire(ProviderGuard.TWILIO, "sender-9");
    assertThat(refused.granted()).isFalse();
    assertThat(refused.refusal()).contains("circuit open");
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(reached).hasSize(4);

    failWith.set(null);
    clock.advance(Duration.ofSeconds(9));
    assertThat(send("sender-9")).as("still within the wait").contains("circuit open");
    clock.advance(Duration.ofSeconds(2));
    assertThat(send("sender-9")).as("the trial call after the wait").isNull();
    assertThat(twilio().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(reached).hasSize(5);
  }

  /** One send through a shop's own account (null: the deployment's). */
  private String sendFor(String shop, String ownAccount, String from) {
    ProviderGuard.Permit permit = guard.tryAcquire(ProviderGuard.TWILIO, new ProviderGuard.Caller(shop, ownAccount), from);
    if (!permit.granted()) {
      return permit.refusal();
    }
    try {
      permit.call(() -> fakeSend(new SmsMessage(shop, "+8613900000001", from, "hi")));
    } catch (SmsSendException expected) {
      // the dispatcher's business
    }
    return null;
  }

  @Test
  void aShopsOwnAccountHasItsOwnCircuitAndBulkhead() {
    failWith.set(SmsSendException.retryable(20003, "Twilio answered 401 code 20003: Authenticate (configuration problem)", null));
    for (int i = 0; i < 4; i++) {
      assertThat(sendFor("shop-a", "ACaaaa", "sender-a" + i)).isNull();
    }
    assertThat(guard.circuitBreaker(ProviderGuard.TWILIO, "ACaaaa").getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(twilio().getState()).as("the deployment's").isEqualTo(CircuitBreaker.State.CLOSED);

    failWith.set(null);
    assertThat(sendFor("shop-a", "ACaaaa", "sender-a9")).contains("circuit open").contains("own account");
    assertThat(sendFor("shop-b", null, "sender-b")).as("a shop on the deployment's account").isNull();
    assertThat(sendFor("shop-c", "ACcccc", "sender-c")).as("a shop on another account of its own").isNull();
    assertThat(meters.counter(ProviderGuard.DEFERRED_METRIC, "provider", "twilio", "shop", "shop-a", "policy", "circuit").count())
        .isEqualTo(1);

    // the bulkhead too: the deployment's 2 in-flight calls do not hold up a shop's own account
    ProviderGuard.Permit first = guard.tryAcquire(ProviderGuard.TWILIO, new ProviderGuard.Caller("shop-b", null), "s1");
    ProviderGuard.Permit second = guard.tryAcquire(ProviderGuard.TWILIO, new ProviderGuard.Caller("shop-b", null), "s2");
    assertThat(guard.tryAcquire(ProviderGuard.TWILIO, new ProviderGuard.Caller("shop-b", null), "s3").refusal()).contains("bulkhead full");
    ProviderGuard.Permit own = guard.tryAcquire(ProviderGuard.TWILIO, new ProviderGuard.Caller("shop-c", "ACcccc"), "s4");
    assertThat(own.granted()).isTrue();
    first.release();
    second.release();
    own.release();
  }

  @Test
  void unknownOutcomesCountAgainstTheProvider() {
    failWith.set(SmsSendException.unknownOutcome("read timed out", null));
    for (int i = 0; i < 4; i++) {
      send("sender-" + i);
    }
    assertThat(twilio().getState()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void permanentRefusalsShowTheProviderIsUpAndNeverOpenTheCircuit() {
    failWith.set(SmsSendException.permanent(21211, "The 'To' number is not a valid phone number.", null));
    for (int i = 0; i < 10; i++) {
      assertThat(send("sender-" + i)).isNull();
    }
    assertThat(twilio().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(twilio().getMetrics().getNumberOfFailedCalls()).isZero();
    assertThat(ProviderGuard.providerInTrouble(ChatSendException.permanent(404, "no such bot", null))).isFalse();
    assertThat(ProviderGuard.providerInTrouble(ChatSendException.retryable(503, "down", null))).isTrue();
    assertThat(ProviderGuard.providerInTrouble(new IllegalStateException("bug"))).isTrue();
  }

  @Test
  void providersHaveTheirOwnCircuits() {
    failWith.set(SmsSendException.retryable(20503, "Service unavailable", null));
    for (int i = 0; i < 4; i++) {
      send("sender-" + i);
    }
    assertThat(guard.tryAcquire(ProviderGuard.TWILIO, "x").granted()).isFalse();
    ProviderGuard.Permit chat = guard.tryAcquire(ProviderGuard.CHAT_WEBHOOK, "shop-1");
    assertThat(chat.granted()).isTrue();
    chat.release();
  }

  @Test
  void theRateLimitIsPerSenderAndARefusalSaysToWait() {
    for (int i = 0; i < 3; i++) {
      assertThat(send("+14155550100")).isNull();
    }
    ProviderGuard.Permit limited = guard.tryAcquire(ProviderGuard.TWILIO, "+14155550100");
    assertThat(limited.granted()).isFalse();
    assertThat(limited.refusal()).contains("rate limit");
    assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(send("+14155550199")).as("another sender has its own limit").isNull();
    assertThat(reached).hasSize(4);
    assertThat(twilio().getMetrics().getNumberOfBufferedCalls()).as("a refusal is not a call").isEqualTo(4);
  }

  @Test
  void theBulkheadBoundsCallsInFlightAndReleasesThemWhateverHappens() {
    ProviderGuard.Permit first = guard.tryAcquire(ProviderGuard.TWILIO, "a");
    ProviderGuard.Permit second = guard.tryAcquire(ProviderGuard.TWILIO, "b");
    ProviderGuard.Permit third = guard.tryAcquire(ProviderGuard.TWILIO, "c");
    assertThat(first.granted()).isTrue();
    assertThat(second.granted()).isTrue();
    assertThat(third.granted()).isFalse();
    assertThat(third.refusal()).contains("bulkhead full");

    assertThatThrownBy(() -> first.call(() -> { throw new AssertionError("the process died"); }))
        .isInstanceOf(AssertionError.class);
    second.release();
    assertThat(guard.bulkhead(ProviderGuard.TWILIO).getMetrics().getAvailableConcurrentCalls()).isEqualTo(2);
    assertThat(twilio().getMetrics().getNumberOfBufferedCalls()).as("an Error is not the provider's").isZero();
    assertThatThrownBy(() -> first.call(() -> "again")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void stateBulkheadAndRateLimiterAreOnMicrometer() {
    send("+14155550100");
    assertThat(meters.find("resilience4j.circuitbreaker.state").tag("name", ProviderGuard.TWILIO).gauges()).isNotEmpty();
    assertThat(meters.find("resilience4j.circuitbreaker.calls").tag("name", ProviderGuard.TWILIO).meters()).isNotEmpty();
    assertThat(meters.find("resilience4j.bulkhead.available.concurrent.calls").tag("name", ProviderGuard.CHAT_WEBHOOK).gauge())
        .isNotNull();
    assertThat(meters.find("resilience4j.ratelimiter.available.permissions").tag("name", "twilio:+14155550100").gauge())
        .isNotNull();
  }
}
