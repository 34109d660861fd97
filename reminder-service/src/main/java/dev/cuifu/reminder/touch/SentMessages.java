package dev.cuifu.reminder.touch;

import dev.cuifu.reminder.ops.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The messages buyers were sent lately, as the frequency cap counts them. */
@Repository
class SentMessages {

  private final JdbcClient jdbc;

  SentMessages(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** See {@link TouchClaims#messagesSentSince}. */
  Map<String, List<Instant>> since(
      String shopId, Collection<String> buyerPhones, List<String> channels, Instant since, Instant now, Collection<Long> ours) {
    Map<String, List<Instant>> sent = new HashMap<>();
    jdbc.sql(
            """
            select buyer_phone, sent_at from (
                select o.buyer_phone, max(t.sent_at) as sent_at
                from touch t join buyer_order o on o.shop_id = t.shop_id and o.order_id = t.order_id
                where t.shop_id = :shop and o.buyer_phone = any (:phones) and t.state in ('SENT', 'OUTCOME_UNKNOWN')
                  and t.channel = any (:channels)
                  and t.sent_at > :since
                group by o.buyer_phone, coalesce(t.provider_message_id, t.touch_id::text)
              union all
                select o.buyer_phone, :now
                from touch t join buyer_order o on o.shop_id = t.shop_id and o.order_id = t.order_id
                where t.shop_id = :shop and o.buyer_phone = any (:phones) and t.state = 'SENDING' and t.channel = any (:channels)
                  and t.merged_into is null and t.touch_id <> all (:ours)
            ) messages
            order by sent_at desc
            """)
        .param("shop", shopId)
        .param("phones", buyerPhones.stream().distinct().toArray(String[]::new))
        .param("channels", channels.toArray(String[]::new))
        .param("since", Timestamps.toDb(since))
        .param("now", Timestamps.toDb(now))
        .param("ours", ours.toArray(Long[]::new))
        .query((rs, n) -> sent.computeIfAbsent(rs.getString("buyer_phone"), phone -> new ArrayList<>()).add(Timestamps.fromDb(rs, "sent_at")))
        .list();
    return sent;
  }
}
