package dev.cuifu.reminder.touch;

import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.touch.TouchClaims.StuckTouch;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Hands touches whose lease ran out while SENDING to lease recovery, under a new claim. */
@Repository
class ExpiredLeases {

  private final JdbcClient jdbc;

  ExpiredLeases(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** See {@link TouchClaims#claimExpired}. */
  List<StuckTouch> claimExpired(Instant now, int limit, Instant leaseUntil, UUID claim) {
    return jdbc.sql(
            """
            with stuck as (
                select touch_id from touch
                where state = 'SENDING' and lease_until < :now and merged_into is null
                order by lease_until
                limit :limit
                for update skip locked
            ), followers as (
                update touch f set claim_token = :claim, lease_until = :leaseUntil, updated_at = :now
                  from stuck
                 where f.merged_into = stuck.touch_id and f.state = 'SENDING'
            )
            update touch t set lease_until = :leaseUntil, claim_token = :claim, updated_at = :now
              from stuck, buyer_order o
             where t.touch_id = stuck.touch_id and o.shop_id = t.shop_id and o.order_id = t.order_id
            returning t.touch_id, t.shop_id, t.channel, o.buyer_phone, t.body, t.attempt_started_at, t.attempt_via
            """)
        .param("now", Timestamps.toDb(now))
        .param("limit", limit)
        .param("leaseUntil", Timestamps.toDb(leaseUntil))
        .param("claim", claim)
        .query(
            (rs, n) ->
                new StuckTouch(
                    rs.getLong("touch_id"),
                    claim,
                    rs.getString("shop_id"),
                    rs.getString("channel"),
                    rs.getString("buyer_phone"),
                    rs.getString("body"),
                    Timestamps.fromDb(rs, "attempt_started_at"),
                    rs.getString("attempt_via")))
        .list();
  }
}
