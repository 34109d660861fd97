package dev.cuifu.ingest.platform;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code base64(HMAC-SHA256(raw body, secret))}, the signature Shopify and WooCommerce both send:
 * Shopify in {@code X-Shopify-Hmac-Sha256} with the app's client secret
 * (https://shopify.dev/docs/apps/build/webhooks/verify-deliveries), WooCommerce in
 * {@code X-WC-Webhook-Signature} with the webhook's secret
 * (https://woocommerce.github.io/woocommerce-rest-api-docs/#webhooks; {@code WC_Webhook::generate_signature}:
 * {@code base64_encode(hash_hmac('sha256', $payload, $secret, true))}). Always over the bytes as
 * received, never over re-serialised JSON.
 */
public final class WebhookSignatures {

  private WebhookSignatures() {}

  public static String hmacSha256Base64(byte[] body, String secret) {
    return Base64.getEncoder().encodeToString(hmacSha256(body, secret));
  }

  /** True when {@code signature} is the body's signature with this secret; compared in constant time. */
  static boolean verifies(byte[] body, String secret, String signature) {
    if (signature == null || signature.isBlank()) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getDecoder().decode(signature.strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmacSha256(body, secret), given);
  }

  private static byte[] hmacSha256(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }
}
