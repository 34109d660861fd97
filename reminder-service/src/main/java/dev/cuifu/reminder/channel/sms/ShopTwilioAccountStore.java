package dev.cuifu.reminder.channel.sms;

import dev.cuifu.reminder.ops.Timestamps;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The shops' own Twilio accounts ({@code shop_twilio_account}). */
@Repository
class ShopTwilioAccountStore {

  private static final String SELECT =
      "select shop_id, account_sid, auth_token, status_callback_url, updated_at from shop_twilio_account ";

  private final JdbcClient jdbc;

  ShopTwilioAccountStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<ShopTwilioAccount> find(String shopId) {
    return jdbc.sql(SELECT + "where shop_id = ?").param(shopId).query(ShopTwilioAccountStore::account).optional();
  }

  /** The one shop's account with this SID (compared without case), if a shop stored it. */
  Optional<ShopTwilioAccount> findByAccountSid(String accountSid) {
    return jdbc.sql(SELECT + "where lower(account_sid) = lower(?)").param(accountSid).query(ShopTwilioAccountStore::account).optional();
  }

  private static ShopTwilioAccount account(ResultSet rs, int row) throws SQLException {
    return new ShopTwilioAccount(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4) == null ? null : URI.create(rs.getString(4)),
        Timestamps.fromDb(rs, "updated_at"));
  }

  /**
   * Stores the shop's account.
   *
   * @throws AccountSidTakenException when another shop stored that account SID
   */
  void save(ShopTwilioAccount account) {
    try {
      upsert(account);
    } catch (DuplicateKeyException e) {
      throw new AccountSidTakenException();
    }
  }

  private void upsert(ShopTwilioAccount account) {
    jdbc.sql(
            """
            insert into shop_twilio_account (shop_id, account_sid, auth_token, status_callback_url, updated_at)
            values (?, ?, ?, ?, ?)
            on conflict (shop_id) do update set account_sid = excluded.account_sid, auth_token = excluded.auth_token,
              status_callback_url = excluded.status_callback_url, updated_at = excluded.updated_at
            """)
        .params(
            account.shopId(),
            account.accountSid(),
            account.authToken(),
            account.statusCallbackUrl() == null ? null : account.statusCallbackUrl().toString(),
            Timestamps.toDb(account.updatedAt()))
        .update();
  }

  /** @return whether the shop had an account of its own */
  boolean delete(String shopId) {
    return jdbc.sql("delete from shop_twilio_account where shop_id = ?").param(shopId).update() > 0;
  }
}
