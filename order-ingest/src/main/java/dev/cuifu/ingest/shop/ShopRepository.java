package dev.cuifu.ingest.shop;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code shop} and {@code api_key} tables. */
@Repository
public class ShopRepository {

  private final JdbcClient jdbc;

  public ShopRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts the shop; false when a shop with this id exists already. */
  public boolean insert(Shop shop) {
    return jdbc.sql(
                """
                INSERT INTO shop (shop_id, name, sms_delay_seconds, sms_from, time_zone, created_at, updated_at)
                VALUES (:shopId, :name, :smsDelay, :smsFrom, :timeZone, :createdAt, :updatedAt)
                ON CONFLICT (shop_id) DO NOTHING
                """)
            .param("shopId", shop.shopId())
            .param("name", shop.name())
            .param("smsDelay", shop.smsDelay().toSeconds())
            .param("smsFrom", shop.smsFrom())
            .param("timeZone", shop.timeZone().getId())
            .param("createdAt", utc(shop.createdAt()))
            .param("updatedAt", utc(shop.updatedAt()))
            .update()
        == 1;
  }

  public void insertKey(String shopId, String keySha256, Instant createdAt) {
    jdbc.sql("INSERT INTO api_key (key_sha256, shop_id, created_at) VALUES (:key, :shopId, :createdAt)")
        .param("key", keySha256)
        .param("shopId", shopId)
        .param("createdAt", utc(createdAt))
        .update();
  }

  public Optional<Shop> find(String shopId) {
    return jdbc.sql(
            """
            SELECT shop_id, name, sms_delay_seconds, sms_from, time_zone, created_at, updated_at
            FROM shop WHERE shop_id = :shopId
            """)
        .param("shopId", shopId)
        .query(ShopRepository::shop)
        .optional();
  }

  /** SHA-256 digests of the shop's keys that are not revoked, oldest first. */
  public List<String> liveKeyDigests(String shopId) {
    return jdbc.sql(
            "SELECT key_sha256 FROM api_key WHERE shop_id = :shopId AND revoked_at IS NULL ORDER BY created_at, key_sha256")
        .param("shopId", shopId)
        .query(String.class)
        .list();
  }

  public Optional<String> findShopIdByLiveKey(String keySha256) {
    return jdbc.sql("SELECT shop_id FROM api_key WHERE key_sha256 = :key AND revoked_at IS NULL")
        .param("key", keySha256)
        .query(String.class)
        .optional();
  }

  private static Shop shop(ResultSet rs, int row) throws SQLException {
    return new Shop(
        rs.getString("shop_id"),
        rs.getString("name"),
        Duration.ofSeconds(rs.getLong("sms_delay_seconds")),
        rs.getString("sms_from"),
        ZoneId.of(rs.getString("time_zone")),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
