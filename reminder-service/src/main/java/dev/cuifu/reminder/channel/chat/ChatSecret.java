package dev.cuifu.reminder.channel.chat;

import java.time.Instant;

/**
 * A shop's current webhook signing secret.
 *
 * @param secret 32 random bytes, base64url without padding (43 characters); used as is (UTF-8) as
 *     the HMAC key
 * @param createdAt when it was created (first use or last rotation)
 */
record ChatSecret(String secret, Instant createdAt) {

  /** Keeps the secret out of logs. */
  @Override
  public String toString() {
    return "ChatSecret[secret=****, createdAt=" + createdAt + "]";
  }
}
