package dev.cuifu.reminder.script;

import dev.cuifu.reminder.ops.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code script}, {@code script_version} and {@code script_settings} tables (V12). */
@Repository
class ScriptRepository {

  /** One version of a script as stored. */
  record Version(int version, String text, Instant createdAt) {}

  /** A script with its current version. */
  record Stored(
      long id,
      String shopId,
      String name,
      ScriptChannel channel,
      ScriptLocale locale,
      boolean retired,
      int version,
      String text,
      Instant createdAt,
      Instant updatedAt,
      Instant retiredAt) {}

  private static final String SELECT =
      """
      select s.script_id, s.shop_id, s.name, s.channel, s.locale, s.retired_at, s.current_version,
             v.text, s.created_at, s.updated_at
      from script s join script_version v on v.script_id = s.script_id and v.version = s.current_version
      """;

  private final JdbcClient jdbc;

  ScriptRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long create(String shopId, String name, ScriptChannel channel, ScriptLocale locale, String text, Instant now) {
    long id =
        jdbc.sql(
                """
                insert into script (shop_id, name, channel, locale, current_version, created_at, updated_at)
                values (?, ?, ?, ?, 1, ?, ?) returning script_id
                """)
            .params(shopId, name, channel.name(), locale.tag(), Timestamps.toDb(now), Timestamps.toDb(now))
            .query(Long.class)
            .single();
    insertVersion(id, 1, text, now);
    return id;
  }

  /** A new current version; the old ones stay for the touches that were sent with them. */
  Optional<Integer> addVersion(long id, String shopId, String name, String text, Instant now) {
    Optional<Integer> version =
        jdbc.sql(
                """
                update script set current_version = current_version + 1, name = coalesce(?, name), updated_at = ?
                where script_id = ? and shop_id = ? and retired_at is null
                returning current_version
                """)
            .params(name, Timestamps.toDb(now), id, shopId)
            .query(Integer.class)
            .optional();
    version.ifPresent(v -> insertVersion(id, v, text, now));
    return version;
  }

  private void insertVersion(long id, int version, String text, Instant now) {
    jdbc.sql("insert into script_version (script_id, version, text, created_at) values (?, ?, ?, ?)")
        .params(id, version, text, Timestamps.toDb(now))
        .update();
  }

  /** Retires the script (idempotent); false when the shop has no such script. */
  boolean retire(long id, String shopId, Instant now) {
    jdbc.sql("update script set retired_at = ?, updated_at = ? where script_id = ? and shop_id = ? and retired_at is null")
        .params(Timestamps.toDb(now), Timestamps.toDb(now), id, shopId)
        .update();
    return find(id, shopId).isPresent();
  }

  Optional<Stored> find(long id, String shopId) {
    return jdbc.sql(SELECT + " where s.script_id = ? and s.shop_id = ?").params(id, shopId).query(ScriptRepository::stored).optional();
  }

  List<Stored> list(String shopId, boolean withRetired) {
    return jdbc.sql(SELECT + " where s.shop_id = ? and (? or s.retired_at is null) order by s.channel, s.locale, s.updated_at desc, s.script_id desc")
        .params(shopId, withRetired)
        .query(ScriptRepository::stored)
        .list();
  }

  List<Version> versions(long id) {
    return jdbc.sql("select version, text, created_at from script_version where script_id = ? order by version")
        .param(id)
        .query((rs, n) -> new Version(rs.getInt("version"), rs.getString("text"), Timestamps.fromDb(rs, "created_at")))
        .list();
  }

  /**
   * The text dispatch uses for a channel: the shop's most recently created or edited active script
   * of that channel and language.
   */
  Optional<Stored> active(String shopId, ScriptChannel channel, ScriptLocale locale) {
    return jdbc.sql(
            SELECT
                + " where s.shop_id = ? and s.channel = ? and s.locale = ? and s.retired_at is null"
                + " order by s.updated_at desc, s.script_id desc limit 1")
        .params(shopId, channel.name(), locale.tag())
        .query(ScriptRepository::stored)
        .optional();
  }

  Optional<ScriptSettings> settings(String shopId) {
    return jdbc.sql(
            """
            select locale, sms_max_segments, payment_link, sms_segment_price_minor, sms_segment_price_currency
            from script_settings where shop_id = ?
            """)
        .param(shopId)
        .query(
            (rs, n) ->
                new ScriptSettings(
                    ScriptLocale.fromTag(rs.getString("locale")).orElseThrow(), rs.getInt("sms_max_segments"), rs.getString("payment_link"),
                    rs.getBigDecimal("sms_segment_price_minor") == null
                        ? null
                        : new SegmentPrice(rs.getBigDecimal("sms_segment_price_minor"), rs.getString("sms_segment_price_currency"))))
        .optional();
  }

  void saveSettings(String shopId, ScriptSettings settings, Instant now) {
    jdbc.sql(
            """
            insert into script_settings
                (shop_id, locale, sms_max_segments, payment_link, sms_segment_price_minor, sms_segment_price_currency, updated_at)
            values (?, ?, ?, ?, ?, ?, ?)
            on conflict (shop_id) do update set locale = excluded.locale, sms_max_segments = excluded.sms_max_segments,
              payment_link = excluded.payment_link, sms_segment_price_minor = excluded.sms_segment_price_minor,
              sms_segment_price_currency = excluded.sms_segment_price_currency, updated_at = excluded.updated_at
            """)
        .params(
            shopId, settings.locale().tag(), settings.smsMaxSegments(), settings.paymentLink(),
            settings.smsSegmentPrice() == null ? null : settings.smsSegmentPrice().minor(),
            settings.smsSegmentPrice() == null ? null : settings.smsSegmentPrice().currency(),
            Timestamps.toDb(now))
        .update();
  }

  /** The shop's display name from the replica, or null while it is not known. */
  String shopName(String shopId) {
    return jdbc.sql("select name from shop where shop_id = ?").param(shopId).query(String.class).optional().orElse(null);
  }

  private static Stored stored(ResultSet rs, int n) throws SQLException {
    return new Stored(
        rs.getLong("script_id"),
        rs.getString("shop_id"),
        rs.getString("name"),
        ScriptChannel.valueOf(rs.getString("channel")),
        ScriptLocale.fromTag(rs.getString("locale")).orElseThrow(),
        rs.getObject("retired_at") != null,
        rs.getInt("current_version"),
        rs.getString("text"),
        Timestamps.fromDb(rs, "created_at"),
        Timestamps.fromDb(rs, "updated_at"),
        Timestamps.fromDb(rs, "retired_at"));
  }
}
