package dev.cuifu.harness.tenancy;

import dev.cuifu.common.kafka.EventJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.node.ObjectNode;

/**
 * Signs a platform webhook as the platform does, computed here from the documentation rather than
 * borrowed from order-ingest, so that the checks do not share a mistake with the code they attack:
 * Shopify and WooCommerce send base64(HMAC-SHA256(raw body, secret)) in a header; Taobao's relay
 * puts TOP's signature in the message ({@code sign_method} hmac-sha256: HMAC-SHA256 over the
 * fields but {@code sign}, sorted by name and joined as name + value, in upper-case hex).
 */
final class PlatformSignatures {

  /** A signed request: the headers to add and the body to send. */
  record Signed(Map<String, String> headers, String body) {}

  private PlatformSignatures() {}

  /** The platform a webhook path is for: {@code /webhooks/v1/shopify} is {@code shopify}. */
  static String platform(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  static Signed sign(String platform, String body, String secret) {
    return switch (platform) {
      case "shopify" -> new Signed(Map.of("X-Shopify-Hmac-Sha256", hmacBase64(body, secret)), body);
      case "woocommerce" -> new Signed(Map.of("X-WC-Webhook-Signature", hmacBase64(body, secret)), body);
      case "taobao" -> new Signed(Map.of(), topSigned(body, secret));
      default -> throw new IllegalArgumentException("no signature known for platform " + platform);
    };
  }

  static String hmacBase64(String body, String secret) {
    return Base64.getEncoder().encodeToString(hmac(body.getBytes(StandardCharsets.UTF_8), secret));
  }

  /** The message with {@code sign_method} hmac-sha256 and its {@code sign}; every field is text. */
  static String topSigned(String message, String secret) {
    ObjectNode fields = (ObjectNode) EventJson.mapper().readTree(message);
    fields.remove("sign");
    fields.put("sign_method", "hmac-sha256");
    Map<String, String> sorted = new TreeMap<>();
    fields.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asString()));
    StringBuilder joined = new StringBuilder();
    sorted.forEach((name, value) -> {
      if (!value.isEmpty()) {
        joined.append(name).append(value);
      }
    });
    fields.put("sign", HexFormat.of().withUpperCase().formatHex(hmac(joined.toString().getBytes(StandardCharsets.UTF_8), secret)));
    return fields.toString();
  }

  /** A Taobao trade message as a relay hands it on, unsigned; every field text. */
  static String taobaoMessage(String id, String topic, String pubTime, String sellerNick, Map<String, String> trade) {
    ObjectNode message = EventJson.mapper().createObjectNode();
    message.put("id", id).put("topic", topic).put("pub_time", pubTime).put("pub_app_key", "12345678").put("user_id", "2200000000001");
    message.put("user_nick", sellerNick);
    ObjectNode content = EventJson.mapper().createObjectNode();
    trade.forEach(content::put);
    message.put("content", content.toString());
    return message.toString();
  }

  private static byte[] hmac(byte[] text, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(text);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }
}
