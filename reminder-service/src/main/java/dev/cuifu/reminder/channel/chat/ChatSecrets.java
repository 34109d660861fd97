package dev.cuifu.reminder.channel.chat;

import dev.cuifu.reminder.ops.Timestamps;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Each shop's chat webhook signing secret: created on first use, replaced on rotation. */
@Service
public class ChatSecrets {

  private static final Logger log = LoggerFactory.getLogger(ChatSecrets.class);
  private static final int SECRET_BYTES = 32;

  private final JdbcClient jdbc;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  ChatSecrets(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The shop's current secret, created (random, 32 bytes, base64url) on first use. */
  public String secretFor(String shopId) {
    return current(shopId).secret();
  }

  /** Replaces the shop's secret with a new random one and returns it; the old one stops at once. */
  public String rotate(String shopId) {
    return rotated(shopId).secret();
  }

  /** The shop's current secret with its creation time, created on first use. Safe under concurrency. */
  public ChatSecret current(String shopId) {
    Objects.requireNonNull(shopId, "shopId");
    int created =
        jdbc.sql(
                "insert into chat_webhook_secret (shop_id, secret, created_at) values (?, ?, ?)"
                    + " on conflict (shop_id) do nothing")
            .params(shopId, newSecret(), Timestamps.toDb(now()))
            .update();
    if (created == 1) {
      log.info("chat webhook secret created for shop {}", shopId);
    }
    return jdbc.sql("select secret, created_at from chat_webhook_secret where shop_id = ?")
        .param(shopId)
        .query((rs, n) -> new ChatSecret(rs.getString("secret"), Timestamps.fromDb(rs, "created_at")))
        .single();
  }

  /** Like {@link #rotate}, with the new secret's creation time. */
  public ChatSecret rotated(String shopId) {
    Objects.requireNonNull(shopId, "shopId");
    ChatSecret secret = new ChatSecret(newSecret(), now());
    jdbc.sql(
            "insert into chat_webhook_secret (shop_id, secret, created_at) values (?, ?, ?)"
                + " on conflict (shop_id) do update set secret = excluded.secret, created_at = excluded.created_at")
        .params(shopId, secret.secret(), Timestamps.toDb(secret.createdAt()))
        .update();
    log.info("chat webhook secret rotated for shop {}", shopId);
    return secret;
  }

  /** Microseconds, as {@code timestamptz} keeps them, so what is returned equals what is read back. */
  private java.time.Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
