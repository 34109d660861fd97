package dev.cuifu.reminder.channel.sms;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.reminder.optout.OptOutRegistry;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.timeline.Decision;
import dev.cuifu.reminder.timeline.DecisionLog;
import dev.cuifu.reminder.touch.TouchDeliveries.SentTouch;
import dev.cuifu.reminder.touch.TouchDeliveries;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies one Twilio status callback to every touch sent as that message — SMS touches (merged
 * touches share one SID) and chat touches sent over WhatsApp: the status only moves forward
 * ({@link DeliveryStatus}); a change is written to the touch and to its timeline, anything else
 * changes nothing. Error 21610 (the recipient had unsubscribed with STOP) opts the number out of
 * the touch's channel (SMS, or CHAT for WhatsApp) for the touch's shop.
 */
@Service
class StatusCallbackHandler {

  /** Twilio: "Attempt to send to unsubscribed recipient". */
  static final int UNSUBSCRIBED_RECIPIENT = 21610;

  static final String METRIC = "cuifu.sms.status_callbacks";

  private static final Logger log = LoggerFactory.getLogger(StatusCallbackHandler.class);

  private final TouchDeliveries deliveries;
  private final DecisionLog decisions;
  private final OptOutRegistry optOuts;
  private final Clock clock;
  private final MeterRegistry meters;
  private final TwilioAccounts accounts;

  StatusCallbackHandler(
      TouchDeliveries deliveries, DecisionLog decisions, OptOutRegistry optOuts, Clock clock, MeterRegistry meters,
      TwilioAccounts accounts) {
    this.accounts = accounts;
    this.deliveries = deliveries;
    this.decisions = decisions;
    this.optOuts = optOuts;
    this.clock = clock;
    this.meters = meters;
  }

  /**
   * @param accountSid the Twilio account that signed the callback: only touches of shops sending
   *     through it are touched
   * @param messageSid Twilio's {@code MessageSid}
   * @param status Twilio's {@code MessageStatus}
   * @param errorCode Twilio's {@code ErrorCode}, null when none
   * @param to Twilio's {@code To}, may be null
   * @return how many touches changed
   */
  @Transactional
  int apply(String accountSid, String messageSid, String status, Integer errorCode, String to) {
    Optional<String> known = DeliveryStatus.known(status);
    meters.counter(METRIC, "status", known.orElse("other")).increment();
    if (messageSid == null || messageSid.isBlank() || known.isEmpty()) {
      log.info("sms status callback ignored: sid={} status={} (unknown message or status)", messageSid, known.orElse("other"));
      return 0;
    }
    String next = known.get();
    List<SentTouch> touches = deliveries.lockSentAs(messageSid.strip(), accountSid, accounts.deploymentAccountSid());
    if (touches.isEmpty()) {
      log.info("sms status callback for unknown message: account={} sid={} status={}", accountSid, messageSid, next);
      return 0;
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    int changed = 0;
    for (SentTouch touch : touches) {
      if (!DeliveryStatus.movesForward(touch.deliveryStatus(), next)) {
        continue;
      }
      deliveries.recordDeliveryStatus(touch.touchId(), next, errorCode, now);
      decisions.record(
          touch.touchId(),
          Decision.SENT,
          "delivery status: " + next + (errorCode == null ? "" : " (error " + errorCode + ")"),
          now);
      changed++;
    }
    log.info(
        "sms status callback: sid={} status={} errorCode={} touches={} changed={}",
        messageSid, next, errorCode, touches.size(), changed);
    if (errorCode != null && errorCode == UNSUBSCRIBED_RECIPIENT) {
      for (SentTouch touch : touches) {
        String number = WhatsAppAddress.number(to);
        String phone = PhoneNumbers.isValid(number) ? number : touch.buyerPhone();
        if (PhoneNumbers.isValid(phone)) {
          optOuts.optOut(
              touch.shopId(), Channel.valueOf(touch.channel()), phone, OptOutRegistry.SOURCE_STOP,
              "Twilio error " + UNSUBSCRIBED_RECIPIENT + ": recipient unsubscribed");
        }
      }
    }
    return changed;
  }
}
