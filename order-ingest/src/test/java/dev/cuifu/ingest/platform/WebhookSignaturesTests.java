package dev.cuifu.ingest.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The signature both platforms send, checked against values computed over the published sample
 * payloads by OpenSSL ({@code openssl dgst -sha256 -hmac "$SECRET" -binary FILE | base64}, see
 * {@code src/test/resources/platform/README.md}), independently of this code.
 */
class WebhookSignaturesTests {

  static final String SHOPIFY_SAMPLE_SIGNATURE = "wcEfVKvHJbGtqlChwGBIWeOP5vr6fvOovzjAH6X0ZxM=";
  static final String WOO_SAMPLE_SIGNATURE = "qErN1Mr+wBfugbHrhQ1p7d2pLXzZT/RPAlS5DpV2/Pk=";

  @Test
  @DisplayName("rule: base64(HMAC-SHA256(raw body, secret)) over the published samples equals OpenSSL's")
  void theSamplesSignaturesAreOpenSslsSignatures() {
    byte[] shopify = PlatformIntegrationTest.resource("shopify/orders-create-sample.json");
    byte[] woo = PlatformIntegrationTest.resource("woocommerce/order-sample.json");
    assertThat(WebhookSignatures.hmacSha256Base64(shopify, PlatformIntegrationTest.SHOPIFY_SAMPLE_SECRET))
        .isEqualTo(SHOPIFY_SAMPLE_SIGNATURE);
    assertThat(WebhookSignatures.hmacSha256Base64(woo, PlatformIntegrationTest.WOO_SAMPLE_SECRET)).isEqualTo(WOO_SAMPLE_SIGNATURE);
    assertThat(WebhookSignatures.verifies(shopify, PlatformIntegrationTest.SHOPIFY_SAMPLE_SECRET, SHOPIFY_SAMPLE_SIGNATURE)).isTrue();
    // the short example of the Go and PHP verifiers ('hush' over {"id":820982911946154508}), by OpenSSL
    assertThat(WebhookSignatures.hmacSha256Base64("{\"id\":820982911946154508}".getBytes(), "hush"))
        .isEqualTo("qBvrsZF7RfB1iS6BX6IHqJTp5L911P7intnPeTPsH0I=");
  }

  @Test
  @DisplayName("rule: one changed byte, another secret, hex instead of base64 or garbage do not verify")
  void anythingElseDoesNotVerify() {
    byte[] body = PlatformIntegrationTest.resource("shopify/orders-create-sample.json");
    String secret = PlatformIntegrationTest.SHOPIFY_SAMPLE_SECRET;
    byte[] changed = body.clone();
    changed[changed.length / 2] ^= 1;
    assertThat(WebhookSignatures.verifies(changed, secret, SHOPIFY_SAMPLE_SIGNATURE)).isFalse();
    assertThat(WebhookSignatures.verifies(body, secret + "x", SHOPIFY_SAMPLE_SIGNATURE)).isFalse();
    assertThat(WebhookSignatures.verifies(body, secret, HexFormat.of().formatHex(Base64.getDecoder().decode(SHOPIFY_SAMPLE_SIGNATURE))))
        .isFalse();
    assertThat(WebhookSignatures.verifies(body, secret, "%%%")).isFalse();
    assertThat(WebhookSignatures.verifies(body, secret, null)).isFalse();
    assertThat(WebhookSignatures.verifies(body, secret, "")).isFalse();
  }
}
