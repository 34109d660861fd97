package dev.cuifu.reminder;

import dev.cuifu.reminder.channel.sms.SmsGateway;
import dev.cuifu.reminder.channel.sms.SmsReceipt;
import java.time.Instant;
import java.util.Optional;

/** A test's gateway around the real one: lookups go straight through, a subclass decides sends. */
public abstract class ForwardingSmsGateway implements SmsGateway {

  protected final SmsGateway real;

  protected ForwardingSmsGateway(SmsGateway real) {
    this.real = real;
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
