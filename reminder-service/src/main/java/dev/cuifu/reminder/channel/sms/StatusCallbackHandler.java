package dev.cuifu.reminder.channel.sms;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.optout.OptOutRegistry;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.timeline.Decision;
import dev.cuifu.reminder.timeline.DecisionLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
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

  private final JdbcClient jdbc;
  private final DecisionLog decisions;
  private final OptOutRegistry optOuts;
  private final Clock clock;
  private final MeterRegistry meters;
  private final TwilioAccounts accounts;

  StatusCallbackHandler(
      JdbcClient jdbc, DecisionLog decisions, OptOutRegistry optOuts, Clock clock, MeterRegistry meters, TwilioAccounts accounts) {
    this.accounts = accounts;
    this.jdbc = jdbc;
    this.decisions = decisions;
    this.optOuts = optOuts;
    this.clock = clock;
    this.meters = meters;
  }

  /** One SMS touch sent as the message, locked for this callback. */
  private record SentTouch(long touchId, String shopId, String channel, String deliveryStatus, String buyerPhone) {}

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
    List<SentTouch> touches =
        jdbc.sql(
                """
                select t.touch_id, t.shop_id, t.channel, t.delivery_status, o.buyer_phone
                from touch t join buyer_order o on o.shop_id = t.shop_id and o.order_id = t.order_id
                left join shop_twilio_account a on a.shop_id = t.shop_id
                where t.provider_message_id = ? and t.channel in ('SMS', 'CHAT')
                  and coalesce(a.account_sid, ?) = ?
                order by t.touch_id
                for update of t
                """)
            .params(messageSid.strip(), accounts.deploymentAccountSid(), accountSid)
            .query((rs, n) -> new SentTouch(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
            .list();
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
      jdbc.sql(
              """
              update touch set delivery_status = ?, delivery_error_code = ?, delivery_updated_at = ?
              where touch_id = ?
              """)
          .params(next, errorCode, Timestamps.toDb(now), touch.touchId())
          .update();
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
