package dev.cuifu.benchmark;

import dev.cuifu.reminder.channel.sms.SmsGateway;
import dev.cuifu.reminder.channel.sms.SmsMessage;
import dev.cuifu.reminder.channel.sms.SmsReceipt;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The engine-alone burst's channel: reminder-service's own SMS gateway bean, wrapped (in the
 * benchmark's JVM only, when its context starts) in a switch. Off, every call goes to the real
 * gateway; on, a send is accepted at once with a made-up message SID and nothing leaves the
 * process — no HTTP, no delivery report. Everything else stays: the claim, every rule, the stock
 * check and merge, the provider guard, the start-of-attempt and SENT writes, and the per-batch
 * account lookup ({@link SmsGateway#forBatch()} still goes to the real gateway). Nothing an
 * operator can set reaches it: it exists only where the benchmark registers it.
 */
final class NoOpChannel implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  private volatile boolean on;
  private final AtomicLong accepted = new AtomicLong();
  /** SIDs of this JVM's no-op sends: {@code SM}, 32 hex digits, as Twilio's, never one Twilio gave. */
  private final long sidPrefix = ThreadLocalRandom.current().nextLong();

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    context.getBeanFactory()
        .addBeanPostProcessor(
            new BeanPostProcessor() {
              @Override
              public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof SmsGateway gateway ? new Switched(gateway) : bean;
              }
            });
  }

  /** Runs {@code burst} with the channel doing nothing, then switches the real one back. */
  <T> T noOpDuring(java.util.function.Supplier<T> burst) {
    on = true;
    try {
      return burst.get();
    } finally {
      on = false;
    }
  }

  /** SMS the no-op channel accepted so far (each would have been one provider call). */
  long accepted() {
    return accepted.get();
  }

  private SmsReceipt accept() {
    return new SmsReceipt(String.format("SM%016x%016x", sidPrefix, accepted.incrementAndGet()), "queued");
  }

  /** The real gateway, or nothing while the switch is on. */
  private final class Switched implements SmsGateway {
    private final SmsGateway real;

    Switched(SmsGateway real) {
      this.real = real;
    }

    @Override
    public SmsReceipt send(SmsMessage message) {
      return on ? accept() : real.send(message);
    }

    @Override
    public SmsGateway forBatch() {
      return new Switched(real.forBatch());
    }

    @Override
    public Optional<String> ownAccountOf(String shopId) {
      return real.ownAccountOf(shopId);
    }

    @Override
    public SmsReceipt fetch(String shopId, String providerMessageId) {
      return real.fetch(shopId, providerMessageId);
    }

    @Override
    public Optional<SmsReceipt> findSent(String shopId, String to, String body, Instant notBefore) {
      return real.findSent(shopId, to, body, notBefore);
    }
  }
}
