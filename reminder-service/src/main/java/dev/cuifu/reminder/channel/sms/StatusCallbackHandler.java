package dev.cuifu.reminder.channel.sms;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.reminder.optout.OptOutRegistry;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.timeline.Decision;
import dev.cuifu.reminder.timeline.DecisionLog;
import dev.cuifu.reminder.touch.TouchDeliveries;
import dev.cuifu.reminder.touch.TouchDeliveries.DeliveryUpdate;
import dev.cuifu.reminder.touch.TouchDeliveries.Message;
import dev.cuifu.reminder.touch.TouchDeliveries.SentTouch;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a batch of Twilio status callbacks, in arrival order, to every touch sent as each
 * message — SMS touches (merged touches share one SID) and chat touches sent over WhatsApp — in
 * one transaction of three statements (lock, update, timeline) whatever the batch's size. A touch
 * ends where applying the callbacks one by one would leave it: the status only moves forward
 * ({@link DeliveryStatus}); each move is written to the touch's timeline, anything else changes
 * nothing. Error 21610 (the recipient had unsubscribed with STOP) opts the number out of the
 * touch's channel (SMS, or CHAT for WhatsApp) for the touch's shop.
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
  private final TwilioAccounts accounts;

  StatusCallbackHandler(
      TouchDeliveries deliveries, DecisionLog decisions, OptOutRegistry optOuts, Clock clock, TwilioAccounts accounts) {
    this.accounts = accounts;
    this.deliveries = deliveries;
    this.decisions = decisions;
    this.optOuts = optOuts;
    this.clock = clock;
  }

  /**
   * @param callbacks in the order they arrived
   * @return for each callback, how many touches it changed
   */
  @Transactional
  int[] applyAll(List<StatusCallback> callbacks) {
    Map<Message, List<Integer>> byMessage = new LinkedHashMap<>();
    for (int i = 0; i < callbacks.size(); i++) {
      StatusCallback callback = callbacks.get(i);
      byMessage.computeIfAbsent(new Message(callback.messageSid(), callback.accountSid()), m -> new ArrayList<>()).add(i);
    }
    List<SentTouch> touches = deliveries.lockSentAs(List.copyOf(byMessage.keySet()), accounts.deploymentAccountSid());
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    int[] changed = new int[callbacks.size()];
    List<DeliveryUpdate> updates = new ArrayList<>();
    List<DecisionLog.Entry> moves = new ArrayList<>();
    for (SentTouch touch : touches) {
      String status = touch.deliveryStatus();
      Integer errorCode = null;
      boolean moved = false;
      for (int i : byMessage.get(touch.message())) {
        StatusCallback callback = callbacks.get(i);
        if (callback.errorCode() != null && callback.errorCode() == UNSUBSCRIBED_RECIPIENT) {
          optOut(touch, callback.to());
        }
        if (!DeliveryStatus.movesForward(status, callback.status())) {
          continue;
        }
        status = callback.status();
        errorCode = callback.errorCode();
        moved = true;
        changed[i]++;
        moves.add(
            new DecisionLog.Entry(
                touch.shopId(), touch.orderId(), touch.touchId(), touch.tier(), touch.channel(), Decision.SENT,
                "delivery status: " + status + (errorCode == null ? "" : " (error " + errorCode + ")")));
      }
      if (moved) {
        updates.add(new DeliveryUpdate(touch.touchId(), status, errorCode));
      }
    }
    deliveries.recordDeliveryStatuses(updates, now);
    decisions.recordAll(moves, now);
    log.info(
        "sms status callbacks applied: callbacks={} messages={} touches={} moves={}",
        callbacks.size(), byMessage.size(), touches.size(), moves.size());
    return changed;
  }

  private void optOut(SentTouch touch, String to) {
    String number = WhatsAppAddress.number(to);
    String phone = PhoneNumbers.isValid(number) ? number : touch.buyerPhone();
    if (PhoneNumbers.isValid(phone)) {
      optOuts.optOut(
          touch.shopId(), Channel.valueOf(touch.channel()), phone, OptOutRegistry.SOURCE_STOP,
          "Twilio error " + UNSUBSCRIBED_RECIPIENT + ": recipient unsubscribed");
    }
  }
}
