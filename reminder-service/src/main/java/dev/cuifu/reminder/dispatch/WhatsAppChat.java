package dev.cuifu.reminder.dispatch;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.reminder.channel.sms.SmsGateway;
import dev.cuifu.reminder.channel.sms.SmsMessage;
import dev.cuifu.reminder.channel.sms.SmsReceipt;
import dev.cuifu.reminder.channel.sms.SmsSendException;
import dev.cuifu.reminder.channel.sms.WhatsAppAddress;
import dev.cuifu.reminder.touch.ClaimedTouch;
import dev.cuifu.reminder.touch.TouchClaims;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * A chat touch over WhatsApp through Twilio, to the buyer's number as {@code whatsapp:+…}, with the
 * SMS path's rules: the same provider guard (rate-limited per sender), error classes and crash
 * safety (the attempt is marked {@link TouchClaims#VIA_WHATSAPP}, so recovery asks Twilio instead
 * of resending).
 */
@Component
class WhatsAppChat {

  private final SmsGateway twilio;
  private final ReminderText text;
  private final ProviderGuard guard;
  private final ChatAttempts attempts;
  private final Clock clock;

  WhatsAppChat(SmsGateway twilio, ReminderText text, ProviderGuard guard, ChatAttempts attempts, Clock clock) {
    this.twilio = twilio;
    this.text = text;
    this.guard = guard;
    this.attempts = attempts;
    this.clock = clock;
  }

  void send(ClaimedTouch touch, String from, Instant now) {
    if (from == null) {
      attempts.skip(touch, "the shop has no WhatsApp sender configured", now);
      return;
    }
    if (!PhoneNumbers.isValid(touch.buyerPhone())) {
      attempts.skip(touch, "the order names no valid phone number for WhatsApp", now);
      return;
    }
    String body = text.chat(touch);
    ProviderGuard.Caller caller = new ProviderGuard.Caller(touch.shopId(), twilio.ownAccountOf(touch.shopId()).orElse(null));
    ProviderGuard.Permit permit = guard.tryAcquire(ProviderGuard.TWILIO, caller, from);
    if (!permit.granted()) {
      attempts.waitFor(touch, permit, now);
      return;
    }
    if (!attempts.start(touch, body, TouchClaims.VIA_WHATSAPP, permit)) {
      return;
    }
    try {
      Instant handedOver = clock.instant();
      SmsReceipt receipt =
          permit.call(() -> twilio.send(new SmsMessage(touch.shopId(), WhatsAppAddress.of(touch.buyerPhone()), from, body)));
      attempts.sent(touch, handedOver, receipt.providerMessageId(), body, "accepted by Twilio for WhatsApp as " + receipt.providerMessageId());
    } catch (SmsSendException e) {
      attempts.failed(touch, "WhatsApp", e);
    }
  }
}
