package dev.cuifu.reminder.dispatch;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.reminder.channel.sms.SmsMessage;
import dev.cuifu.reminder.channel.sms.SmsReceipt;
import dev.cuifu.reminder.channel.sms.SmsSendException;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.touch.ClaimedTouch;
import dev.cuifu.reminder.touch.TouchClaims;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One SMS provider call, once the provider guard allows it and while the touch's lease has {@code
 * lease-margin} left; an accepted message is recorded with its round, a refusal settled by the
 * {@link RetryPolicy}.
 */
@Component
class SmsCall {

  private static final Logger log = LoggerFactory.getLogger(SmsCall.class);

  private final ProviderGuard guard;
  private final Verdicts verdicts;
  private final RetryPolicy retry;
  private final DispatchProperties properties;
  private final Clock clock;

  SmsCall(ProviderGuard guard, Verdicts verdicts, RetryPolicy retry, DispatchProperties properties, Clock clock) {
    this.guard = guard;
    this.verdicts = verdicts;
    this.retry = retry;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * A buyer's number as a log line shows it, masked only when the line is written: parsing a
   * number with libphonenumber is costly, and every SMS paid for it even with INFO off.
   */
  private record Masked(String phone) {
    @Override
    public String toString() {
      return PhoneNumbers.mask(phone);
    }
  }

  /** @param leaseUntil the touch's lease, as its start-of-attempt write renewed it */
  void call(SmsRound.Prepared prepared, SmsRound round, Instant leaseUntil) {
    ClaimedTouch sender = prepared.sender();
    List<ClaimedTouch> orders = prepared.orders();
    String body = prepared.text().body();
    Masked masked = new Masked(sender.buyerPhone());
    Instant now = clock.instant();
    if (now.isAfter(leaseUntil.minus(properties.leaseMargin()))) {
      // the call might outlast the lease and recovery then send it again: the next claim sends it
      verdicts.defer(sender, now, "too little of its lease left for the provider call", now);
      return;
    }
    ProviderGuard.Caller caller = new ProviderGuard.Caller(sender.shopId(), round.gateway().ownAccountOf(sender.shopId()).orElse(null));
    ProviderGuard.Permit permit = guard.tryAcquire(ProviderGuard.TWILIO, caller, prepared.from());
    if (!permit.granted()) {
      // the provider may not be called now: wait (merged orders are released), never fail
      verdicts.defer(sender, now.plus(permit.retryAfter()), permit.refusal(), now);
      log.info("touch {} order {}/{}: SMS to {} waits, {}", sender.touchId(), sender.shopId(), sender.orderId(), masked, permit.refusal());
      return;
    }
    try {
      // handed to the provider now: the buyer cannot have seen the SMS earlier, and may pay before its answer is back
      Instant handedOver = clock.instant();
      SmsReceipt receipt =
          permit.call(() -> round.gateway().send(new SmsMessage(sender.shopId(), sender.buyerPhone(), prepared.from(), body)));
      List<Long> followers = prepared.followers().stream().map(ClaimedTouch::touchId).toList();
      round.sent().add(new TouchClaims.Sent(sender.touchId(), followers, receipt.providerMessageId(), body, handedOver));
      if (orders.size() > 1) {
        verdicts.merged(orders.size() - 1);
      }
      log.info(
          "touch {} order {}/{}: SMS to {} accepted as {} ({} order(s))",
          sender.touchId(), sender.shopId(), sender.orderId(), masked, receipt.providerMessageId(), orders.size());
    } catch (SmsSendException e) {
      String reason = retry.failed(sender, Channel.SMS, "SMS", e);
      log.warn("touch {} order {}/{}: SMS to {} not sent, {}", sender.touchId(), sender.shopId(), sender.orderId(), masked, reason);
    }
  }
}
