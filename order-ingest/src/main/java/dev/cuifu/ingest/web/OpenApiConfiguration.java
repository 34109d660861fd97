package dev.cuifu.ingest.web;

import dev.cuifu.common.shop.ApiKeyDigest;
import dev.cuifu.web.ApiDocument;
import dev.cuifu.web.ApiDocument.Rule;
import io.swagger.v3.oas.models.OpenAPI;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's title, version, description and credentials, and which credential each
 * operation takes: by its path, as the app checks them (the shop's key on {@code /api/**}, the
 * operator token on {@code /admin/**}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  /** {@code Authorization: Bearer <cuifu.ingest.operator-token>} on {@code /admin/**}. */
  static final String OPERATOR_TOKEN = "operatorToken";

  static final String DESCRIPTION =
      """
      Shops post their order events here (`OrderCreated`, `OrderPaid`, `OrderClosed`; one at a time or in batches); \
      each is validated, normalised and published to Kafka, from where reminder-service reminds the buyers who have \
      not paid. An event id already accepted is acknowledged as a duplicate, never published twice. The operator \
      creates shops and issues, rotates and revokes their API keys under `/admin/v1`. Shops on Shopify, WooCommerce or \
      Taobao/Tmall need no code: the operator connects their store (`PUT /admin/v1/shops/{shopId}/platforms/{platform}`) and the \
      platform's own order webhooks, sent to `/webhooks/v1/{platform}`, become the same events.

      **Authentication** (the Authorize button takes each):
      - `/api/v1/**`: the shop's API key in the `X-Api-Key` header (scheme `apiKey`).
      - `/admin/v1/**`: the operator token, `Authorization: Bearer <cuifu.ingest.operator-token>` (scheme `operatorToken`).
      - `/webhooks/v1/**`: the platform's own signature with the secret connected for the store \
      (`X-Shopify-Hmac-Sha256`, `X-WC-Webhook-Signature` over the raw body; a TMC message's TOP `sign`); no API key.
      """
          + ApiDocument.MANAGEMENT_NOTE
          + ApiDocument.ERRORS_NOTE;

  @Bean
  OpenAPI ingestOpenApi() {
    return ApiDocument.document(
        "Cuifu order-ingest",
        DESCRIPTION,
        List.of(
            ApiDocument.shopApiKey(ApiKeyDigest.HEADER),
            ApiDocument.bearer(
                OPERATOR_TOKEN, "The operator token (cuifu.ingest.operator-token): shops and their API keys."),
            ApiDocument.managementToken()));
  }

  @Bean
  OpenApiCustomizer securityByPath() {
    return ApiDocument.securityByPath(
        List.of(new Rule("/api/", ApiDocument.SHOP_API_KEY), new Rule("/admin/", OPERATOR_TOKEN)));
  }
}
