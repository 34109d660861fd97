package dev.cuifu.harness.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.common.kafka.EventJson;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PlatformSignaturesTests {

  @Test
  void shopifyAndWooCommerceSignTheRawBodyInBase64() {
    // HMAC-SHA256 of the well-known sentence with key "key": f7bc83f4…3cd8 in hex
    String body = "The quick brown fox jumps over the lazy dog";

    assertThat(PlatformSignatures.sign("shopify", body, "key").headers())
        .containsExactly(Map.entry("X-Shopify-Hmac-Sha256", "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg="));
    assertThat(PlatformSignatures.sign("woocommerce", body, "key").headers())
        .containsExactly(Map.entry("X-WC-Webhook-Signature", "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg="));
    assertThat(PlatformSignatures.sign("shopify", body, "key").body()).isEqualTo(body);
  }

  @Test
  void taobaoSignsTheSortedFieldsWithHmacSha256InUpperCaseHex() {
    String message = PlatformSignatures.taobaoMessage("7", "taobao_trade_TradeCreate", "2026-12-07 18:00:00", "nick-b", Map.of("tid", "t1"));

    JsonNode signed = EventJson.mapper().readTree(PlatformSignatures.sign("taobao", message, "secret-0123456789").body());

    // computed apart: HMAC-SHA256("content{\"tid\":\"t1\"}id7pub_app_key12345678pub_time2026-12-07 18:00:00"
    //   + "sign_methodhmac-sha256topictaobao_trade_TradeCreateuser_id2200000000001user_nicknick-b")
    assertThat(signed.path("sign_method").asString()).isEqualTo("hmac-sha256");
    assertThat(signed.path("sign").asString()).isEqualTo("7D2658B517ACE3B4F883B4407D6DEAABFB93C6D0E1C53C269709BA782CA2BCE4");
    assertThat(signed.path("user_nick").asString()).isEqualTo("nick-b");
  }

  @Test
  void thePlatformIsTheWebhookPathsLastSegment() {
    assertThat(PlatformSignatures.platform("/webhooks/v1/woocommerce")).isEqualTo("woocommerce");
  }
}
