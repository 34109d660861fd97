package dev.cuifu.ingest.platform;

import dev.cuifu.common.shop.ApiKeyDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code platform_connection} table. */
@Repository
class PlatformConnectionRepository {

  private final JdbcClient jdbc;

  PlatformConnectionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** What {@link #save} did. */
  enum Saved {
    SAVED,
    /** The store is connected to another shop. */
    ACCOUNT_TAKEN,
    /** The secret is connected for another store (of any shop, on any platform). */
    SECRET_TAKEN
  }

  /**
   * Connects the shop's store on the platform, or replaces its store and secret. The unique
   * constraints on the store and on the secret's SHA-256 decide between concurrent connections.
   */
  Saved save(String shopId, Platform platform, String account, String secret, Instant now) {
    String digest = ApiKeyDigest.sha256Hex(secret);
    try {
      jdbc.sql(
              """
              INSERT INTO platform_connection (shop_id, platform, account, secret, secret_sha256, created_at, updated_at)
              VALUES (:shopId, :platform, :account, :secret, :digest, :now, :now)
              ON CONFLICT (shop_id, platform)
              DO UPDATE SET account = excluded.account, secret = excluded.secret, secret_sha256 = excluded.secret_sha256,
                            updated_at = excluded.updated_at
              """)
          .param("shopId", shopId)
          .param("platform", platform.id())
          .param("account", account)
          .param("secret", secret)
          .param("digest", digest)
          .param("now", now.atOffset(ZoneOffset.UTC))
          .update();
      return Saved.SAVED;
    } catch (DuplicateKeyException e) {
      // which of the two constraints, asked of the table rather than parsed from the driver's message
      boolean storeTaken = jdbc.sql(
              """
              SELECT count(*) FROM platform_connection
              WHERE platform = :platform AND account = :account AND shop_id <> :shopId
              """)
          .param("platform", platform.id())
          .param("account", account)
          .param("shopId", shopId)
          .query(Long.class)
          .single() > 0;
      return storeTaken ? Saved.ACCOUNT_TAKEN : Saved.SECRET_TAKEN;
    }
  }

  Optional<PlatformConnection> findByAccount(Platform platform, String account) {
    return jdbc.sql("SELECT * FROM platform_connection WHERE platform = :platform AND account = :account")
        .param("platform", platform.id())
        .param("account", account)
        .query(PlatformConnectionRepository::connection)
        .optional();
  }

  Optional<PlatformConnection> find(String shopId, Platform platform) {
    return jdbc.sql("SELECT * FROM platform_connection WHERE shop_id = :shopId AND platform = :platform")
        .param("shopId", shopId)
        .param("platform", platform.id())
        .query(PlatformConnectionRepository::connection)
        .optional();
  }

  List<PlatformConnection> list(String shopId) {
    return jdbc.sql("SELECT * FROM platform_connection WHERE shop_id = :shopId ORDER BY platform")
        .param("shopId", shopId)
        .query(PlatformConnectionRepository::connection)
        .list();
  }

  boolean delete(String shopId, Platform platform) {
    return jdbc.sql("DELETE FROM platform_connection WHERE shop_id = :shopId AND platform = :platform")
            .param("shopId", shopId)
            .param("platform", platform.id())
            .update()
        > 0;
  }

  private static PlatformConnection connection(ResultSet rs, int row) throws SQLException {
    return new PlatformConnection(
        rs.getString("shop_id"),
        Platform.of(rs.getString("platform")).orElseThrow(),
        rs.getString("account"),
        rs.getString("secret"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
  }
}
