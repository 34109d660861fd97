package dev.cuifu.reminder.channel.sms;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A shop's own Twilio account (table {@code shop_twilio_account}).
 *
 * @param statusCallbackUrl the shop's own {@code StatusCallback} URL, or {@code null} for the
 *     deployment's
 */
record ShopTwilioAccount(String shopId, String accountSid, String authToken, URI statusCallbackUrl, Instant updatedAt) {

  ShopTwilioAccount {
    Objects.requireNonNull(shopId, "shopId");
    Objects.requireNonNull(accountSid, "accountSid");
    Objects.requireNonNull(authToken, "authToken");
  }

  /** Keeps the auth token out of logs. */
  @Override
  public String toString() {
    return "ShopTwilioAccount[shopId=" + shopId + ", accountSid=" + accountSid + ", authToken=****, statusCallbackUrl="
        + statusCallbackUrl + ", updatedAt=" + updatedAt + "]";
  }
}
