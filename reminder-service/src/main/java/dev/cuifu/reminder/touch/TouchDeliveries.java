package dev.cuifu.reminder.touch;

import static dev.cuifu.reminder.ops.SqlArrays.ints;
import static dev.cuifu.reminder.ops.SqlArrays.longs;
import static dev.cuifu.reminder.ops.SqlArrays.texts;

import dev.cuifu.reminder.ops.Timestamps;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Delivery reports' way into the {@code touch} table: finds the touches provider messages carried
 * and records how far each message got, a whole batch of reports per statement. Runs in the
 * caller's transaction.
 */
@Repository
public class TouchDeliveries {

  /** A provider message as a report names it: its id and the account that signed the report. */
  public record Message(String messageSid, String accountSid) {}

  /** A touch sent as {@code message}, with the delivery status it has so far (null: none yet). */
  public record SentTouch(
      Message message, long touchId, String shopId, String orderId, int tier, String channel, String deliveryStatus,
      String buyerPhone) {}

  /** The status a touch now has, with the error code of the report that moved it there. */
  public record DeliveryUpdate(long touchId, String status, Integer errorCode) {}

  private final JdbcClient jdbc;

  TouchDeliveries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The SMS and chat touches sent as any of {@code messages}, each only when its shop sends
   * through the message's account (a shop with no account of its own sends through {@code
   * deploymentAccountSid}), locked in touch id order until the caller's transaction ends, so that
   * two batches naming one message apply in turn and never deadlock on each other.
   */
  public List<SentTouch> lockSentAs(List<Message> messages, String deploymentAccountSid) {
    if (messages.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            select m.sid, m.account_sid, t.touch_id, t.shop_id, t.order_id, t.tier, t.channel, t.delivery_status,
                   o.buyer_phone
            from unnest(?::text[], ?::text[]) as m(sid, account_sid)
            join touch t on t.provider_message_id = m.sid and t.channel in ('SMS', 'CHAT')
            join buyer_order o on o.shop_id = t.shop_id and o.order_id = t.order_id
            left join shop_twilio_account a on a.shop_id = t.shop_id
            where coalesce(a.account_sid, ?) = m.account_sid
            order by t.touch_id
            for update of t
            """)
        .params(texts(messages, Message::messageSid), texts(messages, Message::accountSid), deploymentAccountSid)
        .query(
            (rs, n) ->
                new SentTouch(
                    new Message(rs.getString(1), rs.getString(2)), rs.getLong(3), rs.getString(4), rs.getString(5),
                    rs.getInt(6), rs.getString(7), rs.getString(8), rs.getString(9)))
        .list();
  }

  /** Records each touch's delivery status as the provider reported it at {@code now}, in one statement. */
  public void recordDeliveryStatuses(List<DeliveryUpdate> updates, Instant now) {
    if (updates.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            update touch t set delivery_status = u.status, delivery_error_code = u.error_code, delivery_updated_at = ?
            from unnest(?::bigint[], ?::text[], ?::int[]) as u(touch_id, status, error_code)
            where t.touch_id = u.touch_id
            """)
        .params(
            Timestamps.toDb(now),
            longs(updates, DeliveryUpdate::touchId),
            texts(updates, DeliveryUpdate::status),
            ints(updates, DeliveryUpdate::errorCode))
        .update();
  }
}
