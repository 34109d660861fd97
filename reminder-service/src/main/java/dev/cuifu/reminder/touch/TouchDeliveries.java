package dev.cuifu.reminder.touch;

import dev.cuifu.reminder.ops.Timestamps;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Delivery reports' way into the {@code touch} table: finds the touches a provider message carried
 * and records how far the message got. Runs in the caller's transaction.
 */
@Repository
public class TouchDeliveries {

  /** A touch sent as the message, with the delivery status it has so far (null: none yet). */
  public record SentTouch(long touchId, String shopId, String channel, String deliveryStatus, String buyerPhone) {}

  private final JdbcClient jdbc;

  TouchDeliveries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The SMS and chat touches sent as {@code messageSid} by shops sending through {@code
   * accountSid} (a shop with no account of its own sends through {@code deploymentAccountSid}),
   * locked until the caller's transaction ends so that two reports on one message apply in turn.
   */
  public List<SentTouch> lockSentAs(String messageSid, String accountSid, String deploymentAccountSid) {
    return jdbc.sql(
            """
            select t.touch_id, t.shop_id, t.channel, t.delivery_status, o.buyer_phone
            from touch t join buyer_order o on o.shop_id = t.shop_id and o.order_id = t.order_id
            left join shop_twilio_account a on a.shop_id = t.shop_id
            where t.provider_message_id = ? and t.channel in ('SMS', 'CHAT')
              and coalesce(a.account_sid, ?) = ?
            order by t.touch_id
            for update of t
            """)
        .params(messageSid, deploymentAccountSid, accountSid)
        .query((rs, n) -> new SentTouch(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
        .list();
  }

  /** Records the touch's delivery status as the provider reported it at {@code now}. */
  public void recordDeliveryStatus(long touchId, String status, Integer errorCode, Instant now) {
    jdbc.sql(
            """
            update touch set delivery_status = ?, delivery_error_code = ?, delivery_updated_at = ?
            where touch_id = ?
            """)
        .params(status, errorCode, Timestamps.toDb(now), touchId)
        .update();
  }
}
