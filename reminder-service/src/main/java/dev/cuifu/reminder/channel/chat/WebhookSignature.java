package dev.cuifu.reminder.channel.chat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature on every chat webhook delivery, and how a shop checks it.
 *
 * <p>Each delivery carries:
 *
 * <ul>
 *   <li>{@code X-Cuifu-Timestamp}: when it was signed, in whole seconds since the epoch (decimal)
 *   <li>{@code X-Cuifu-Signature}: {@code sha256=} followed by the lowercase hex HMAC-SHA256, keyed
 *       with the shop's secret (its UTF-8 bytes, exactly the string the API returns — do not
 *       base64-decode it), of the UTF-8 bytes of {@code timestamp + "." + body}
 *   <li>{@code X-Cuifu-Delivery}: the delivery id, the same on every resend of one message
 * </ul>
 *
 * <p>To verify, the receiver:
 *
 * <ol>
 *   <li>reads the body as raw bytes, <em>before</em> any JSON parsing (re-serialised JSON will not
 *       match);
 *   <li>rejects the request when {@code X-Cuifu-Timestamp} is missing, not a number, or more than
 *       5 minutes away from its own clock (older: a replay; the 5 minutes allow for clock skew);
 *   <li>computes {@code "sha256=" + hex(HMAC_SHA256(secret, timestamp + "." + body))} and compares
 *       it with {@code X-Cuifu-Signature} in constant time (e.g. {@code MessageDigest.isEqual},
 *       Python's {@code hmac.compare_digest}), rejecting on mismatch;
 *   <li>optionally drops a {@code X-Cuifu-Delivery} it has already handled (a resend after a lost
 *       answer), answering 2xx.
 * </ol>
 *
 * <p>During a secret rotation, a receiver may accept either the old or the new secret until it has
 * switched over; the service signs only with the current one.
 */
public final class WebhookSignature {

  public static final String DELIVERY_HEADER = "X-Cuifu-Delivery";
  public static final String TIMESTAMP_HEADER = "X-Cuifu-Timestamp";
  public static final String SIGNATURE_HEADER = "X-Cuifu-Signature";
  public static final String PREFIX = "sha256=";
  /** How old a timestamp a receiver should still accept. */
  public static final java.time.Duration TOLERANCE = java.time.Duration.ofMinutes(5);

  private WebhookSignature() {}

  /** The {@code X-Cuifu-Signature} value: {@code sha256=<lowercase hex HMAC-SHA256>}. */
  public static String signature(String secret, String timestamp, String body) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(body, "body");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Whether {@code signatureHeader} is the signature of this timestamp and body (constant time). */
  public static boolean verify(String secret, String timestamp, String body, String signatureHeader) {
    if (signatureHeader == null || timestamp == null || body == null) {
      return false;
    }
    return MessageDigest.isEqual(
        signature(secret, timestamp, body).getBytes(StandardCharsets.UTF_8),
        signatureHeader.getBytes(StandardCharsets.UTF_8));
  }
}
