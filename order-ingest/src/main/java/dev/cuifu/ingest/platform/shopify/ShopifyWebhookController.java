package dev.cuifu.ingest.platform.shopify;

import dev.cuifu.ingest.platform.Platform;
import dev.cuifu.ingest.platform.PlatformJson;
import dev.cuifu.ingest.platform.PlatformWebhooks;
import dev.cuifu.ingest.platform.WebhookResult;
import dev.cuifu.ingest.web.JsonBodies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Shopify's order webhooks ({@link ShopifyOrders}), for every connected Shopify store at one URL. */
@RestController
@Tag(name = "platform webhooks", description = "Order webhooks of shop platforms, turned into Cuifu's order events")
class ShopifyWebhookController {

  static final String PATH = "/webhooks/v1/shopify";

  private final PlatformWebhooks webhooks;

  ShopifyWebhookController(PlatformWebhooks webhooks) {
    this.webhooks = webhooks;
  }

  @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "A Shopify order webhook",
      description =
          "Subscribe orders/create, orders/paid, orders/cancelled and orders/updated (JSON) to this URL. The store"
              + " (X-Shopify-Shop-Domain) selects the shop it was connected to (PUT /admin/v1/shops/{shopId}/platforms/shopify);"
              + " X-Shopify-Hmac-Sha256 must be base64(HMAC-SHA256(raw body, that shop's secret)), checked before the body"
              + " is read. Unpaid orders (financial_status pending: bank deposit, cash on delivery, manual payment) become"
              + " OrderCreated; payment OrderPaid; cancellation, voiding OrderClosed. A redelivery, or a step another"
              + " topic told already, changes nothing.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object",
                  description = "Shopify's Order resource, as Shopify sends it"))),
      responses = {
        @ApiResponse(responseCode = "200", description = "Verified and handled (also when nothing was to be done)",
            content = @Content(schema = @Schema(implementation = WebhookResult.class))),
        @ApiResponse(responseCode = "400", description = "Verified, but the body is not a Shopify order",
            content = @Content(mediaType = "application/problem+json"))
      })
  public ResponseEntity<WebhookResult> receive(
      @Parameter(description = "orders/create, orders/paid, orders/cancelled or orders/updated")
          @RequestHeader(name = "X-Shopify-Topic", required = false) String topic,
      @Parameter(description = "The store, e.g. example.myshopify.com")
          @RequestHeader(name = "X-Shopify-Shop-Domain", required = false) String shopDomain,
      @Parameter(description = "base64(HMAC-SHA256(raw body, secret))")
          @RequestHeader(name = "X-Shopify-Hmac-Sha256", required = false) String hmac,
      @Parameter(description = "The delivery's id (logged)")
          @RequestHeader(name = "X-Shopify-Webhook-Id", required = false) String webhookId,
      @Parameter(description = "The Admin API version of the body (logged)")
          @RequestHeader(name = "X-Shopify-API-Version", required = false) String apiVersion,
      @RequestBody(required = false) byte[] body) {
    String shopId = webhooks.verifiedShop(Platform.SHOPIFY, shopDomain, hmac, body);
    var order = PlatformJson.object(JsonBodies.readTree(body));
    var mapped = ShopifyOrders.map(topic, order);
    String delivery = PlatformWebhooks.deliveryId(webhookId) + "@" + PlatformWebhooks.deliveryId(apiVersion);
    return ResponseEntity.ok(webhooks.ingest(shopId, Platform.SHOPIFY, delivery, mapped.events(), mapped.skipped()));
  }
}
