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
                INSERT INTO shop (shop_id, name, sms_delay_seconds, sms_from, time_zone, phone_region, created_at, updated_at)
                VALUES (:shopId, :name, :smsDelay, :smsFrom, :timeZone, :phoneRegion, :createdAt, :updatedAt)
                ON CONFLICT (shop_id) DO NOTHING
                """)
            .param("shopId", shop.shopId())
            .param("name", shop.name())
            .param("smsDelay", shop.smsDelay().toSeconds())
            .param("smsFrom", shop.smsFrom())
            .param("timeZone", shop.timeZone().getId())
            .param("phoneRegion", shop.phoneRegion())
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
            SELECT shop_id, name, sms_delay_seconds, sms_from, time_zone, phone_region, created_at, updated_at
            FROM shop WHERE shop_id = :shopId
            """)
        .param("shopId", shopId)
        .query(ShopRepository::shop)
        .optional();
  }

  /** The shop with its row locked until the transaction ends, so that concurrent changes queue. */
  public Optional<Shop> findForUpdate(String shopId) {
    return jdbc.sql(
            """
            SELECT shop_id, name, sms_delay_seconds, sms_from, time_zone, phone_region, created_at, updated_at
            FROM shop WHERE shop_id = :shopId FOR UPDATE
            """)
        .param("shopId", shopId)
        .query(ShopRepository::shop)
        .optional();
  }

  /** The region the shop's national phone numbers are read in; empty when it has none (or no shop). */
  public Optional<String> phoneRegion(String shopId) {
    return jdbc.sql("SELECT phone_region FROM shop WHERE shop_id = :shopId AND phone_region IS NOT NULL")
        .param("shopId", shopId)
        .query(String.class)
        .optional();
  }

  public void updatePhoneRegion(Shop shop) {
    jdbc.sql("UPDATE shop SET phone_region = :phoneRegion, updated_at = :updatedAt WHERE shop_id = :shopId")
        .param("shopId", shop.shopId())
        .param("phoneRegion", shop.phoneRegion())
        .param("updatedAt", utc(shop.updatedAt()))
        .update();
  }

  /** SHA-256 digests of the shop's keys that work at {@code now}, oldest first. */
  public List<String> liveKeyDigests(String shopId, Instant now) {
    return jdbc.sql(
            """
            SELECT key_sha256 FROM api_key
            WHERE shop_id = :shopId AND (revoked_at IS NULL OR revoked_at > :now)
            ORDER BY created_at, key_sha256
            """)
        .param("shopId", shopId)
        .param("now", utc(now))
        .query(String.class)
        .list();
  }

  public Optional<String> findShopIdByLiveKey(String keySha256, Instant now) {
    return jdbc.sql("SELECT shop_id FROM api_key WHERE key_sha256 = :key AND (revoked_at IS NULL OR revoked_at > :now)")
        .param("key", keySha256)
        .param("now", utc(now))
        .query(String.class)
        .optional();
  }

  /** The shop's keys, oldest first, for the operator: ids, never keys or whole digests. */
  public List<ApiKeyView> keys(String shopId, Instant now) {
    return jdbc.sql("SELECT key_sha256, created_at, revoked_at FROM api_key WHERE shop_id = :shopId ORDER BY created_at, key_sha256")
        .param("shopId", shopId)
        .query(
            (rs, row) -> {
              OffsetDateTime revoked = rs.getObject("revoked_at", OffsetDateTime.class);
              Instant until = revoked == null ? null : revoked.toInstant();
              return new ApiKeyView(
                  ApiKeyView.idOf(rs.getString("key_sha256")),
                  rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                  until,
                  until == null || until.isAfter(now),
                  null);
            })
        .list();
  }

  /**
   * Makes every working key of the shop but {@code keep} stop working at {@code until}; returns
   * how many.
   */
  public int retireOtherKeys(String shopId, String keep, Instant until, Instant now) {
    return jdbc.sql(
            """
            UPDATE api_key SET revoked_at = :until, retired_published_at = CASE WHEN :until <= :now THEN :now END
            WHERE shop_id = :shopId AND key_sha256 <> :keep AND (revoked_at IS NULL OR revoked_at > :until)
            """)
        .param("shopId", shopId)
        .param("keep", keep)
        .param("until", utc(until))
        .param("now", utc(now))
        .update();
  }

  /** Makes the working key whose id is {@code keyId} stop working now; false when there is none. */
  public boolean revokeNow(String shopId, String keyId, Instant now) {
    return jdbc.sql(
                """
                UPDATE api_key SET revoked_at = :now, retired_published_at = :now
                WHERE shop_id = :shopId AND left(key_sha256, :idLength) = :keyId AND (revoked_at IS NULL OR revoked_at > :now)
                """)
            .param("shopId", shopId)
            .param("keyId", keyId)
            .param("idLength", ApiKeyView.ID_LENGTH)
            .param("now", utc(now))
            .update()
        > 0;
  }

  /** Shops with a key whose overlap ended and that the shops topic has not been told of. */
  public List<String> shopsWithUnpublishedRetiredKeys(Instant now) {
    return jdbc.sql(
            "SELECT DISTINCT shop_id FROM api_key WHERE retired_published_at IS NULL AND revoked_at IS NOT NULL AND revoked_at <= :now")
        .param("now", utc(now))
        .query(String.class)
        .list();
  }

  public void markRetiredPublished(String shopId, Instant now) {
    jdbc.sql(
            "UPDATE api_key SET retired_published_at = :now WHERE shop_id = :shopId AND retired_published_at IS NULL AND revoked_at <= :now")
        .param("shopId", shopId)
        .param("now", utc(now))
        .update();
  }

  private static Shop shop(ResultSet rs, int row) throws SQLException {
    return new Shop(
        rs.getString("shop_id"),
        rs.getString("name"),
        Duration.ofSeconds(rs.getLong("sms_delay_seconds")),
        rs.getString("sms_from"),
        ZoneId.of(rs.getString("time_zone")),
        rs.getString("phone_region"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
