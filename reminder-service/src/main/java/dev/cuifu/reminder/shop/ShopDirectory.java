package dev.cuifu.reminder.shop;

import dev.cuifu.common.event.ShopUpdated;
import dev.cuifu.reminder.ops.Timestamps;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The local replica of shop settings (table {@code shop}). */
@Repository
public class ShopDirectory {

  private final JdbcClient jdbc;

  ShopDirectory(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Shop> find(String shopId) {
    return jdbc.sql(
            "select shop_id, name, sms_delay_seconds, sms_from, time_zone, phone_region from shop where shop_id = ?")
        .param(shopId)
        .query(
            (rs, n) ->
                new Shop(
                    rs.getString("shop_id"),
                    rs.getString("name"),
                    Duration.ofSeconds(rs.getLong("sms_delay_seconds")),
                    rs.getString("sms_from"),
                    ZoneId.of(rs.getString("time_zone")),
                    rs.getString("phone_region")))
        .optional();
  }

  /** The region the shop's numbers without {@code +} are read in; empty when it has none. */
  public Optional<String> phoneRegion(String shopId) {
    return jdbc.sql("select phone_region from shop where shop_id = ? and phone_region is not null")
        .param(shopId)
        .query(String.class)
        .optional();
  }

  /** Applies an update unless a newer one is already here (compacted topics can replay old ones). */
  void upsert(ShopUpdated shop) {
    jdbc.sql(
            """
            insert into shop (shop_id, name, sms_delay_seconds, sms_from, time_zone, phone_region, api_key_sha256, updated_at)
            values (:shopId, :name, :delay, :from, :zone, :region, :keys, :updatedAt)
            on conflict (shop_id) do update set
                name = excluded.name, sms_delay_seconds = excluded.sms_delay_seconds,
                sms_from = excluded.sms_from, time_zone = excluded.time_zone, phone_region = excluded.phone_region,
                api_key_sha256 = excluded.api_key_sha256, updated_at = excluded.updated_at
            where shop.updated_at <= excluded.updated_at
            """)
        .param("shopId", shop.shopId())
        .param("name", shop.name())
        .param("delay", Math.max(1, shop.smsDelay().toSeconds()))
        .param("from", shop.smsFrom())
        .param("zone", shop.timeZone().getId())
        .param("region", shop.phoneRegion())
        .param("keys", shop.apiKeySha256().toArray(String[]::new))
        .param("updatedAt", Timestamps.toDb(shop.updatedAt()))
        .update();
  }
}
