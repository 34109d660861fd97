package dev.cuifu.ingest.platform.woocommerce;

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
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** WooCommerce's order webhooks ({@link WooCommerceOrders}), for every connected store at one URL. */
@RestController
@Tag(name = "platform webhooks", description = "Order webhooks of shop platforms, turned into Cuifu's order events")
class WooCommerceWebhookController {

  static final String PATH = "/webhooks/v1/woocommerce";

  /**
   * WooCommerce checks a new webhook's URL with an unsigned {@code webhook_id=<id>} form post and
   * keeps the webhook only if it is answered 200 ({@code WC_Webhook::deliver_ping}).
   */
  private static final Pattern PING = Pattern.compile("webhook_id=[0-9]{1,20}");

  private final PlatformWebhooks webhooks;

  WooCommerceWebhookController(PlatformWebhooks webhooks) {
    this.webhooks = webhooks;
  }

  @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "A WooCommerce order webhook",
      description =
          "Add webhooks for Order created and Order updated (API version WP REST API Integration v3) with this delivery URL."
              + " The store (X-WC-Webhook-Source) selects the shop it was connected to"
              + " (PUT /admin/v1/shops/{shopId}/platforms/woocommerce); X-WC-Webhook-Signature must be"
              + " base64(HMAC-SHA256(raw body, the webhook's secret)), checked before the body is read. By status:"
              + " pending/on-hold OrderCreated, processing/completed OrderPaid, cancelled/failed OrderClosed. WooCommerce's"
              + " ping (`webhook_id=…`) is answered 200 and does nothing.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object",
                  description = "WooCommerce's order (REST API v3), as WooCommerce sends it"))),
      responses = {
        @ApiResponse(responseCode = "200", description = "Verified and handled, or WooCommerce's ping",
            content = @Content(schema = @Schema(implementation = WebhookResult.class))),
        @ApiResponse(responseCode = "400", description = "Verified, but the body is not a WooCommerce order",
            content = @Content(mediaType = "application/problem+json"))
      })
  public ResponseEntity<WebhookResult> receive(
      @Parameter(description = "order.created or order.updated")
          @RequestHeader(name = "X-WC-Webhook-Topic", required = false) String topic,
      @Parameter(description = "The store's site URL, e.g. https://shop.example.com/")
          @RequestHeader(name = "X-WC-Webhook-Source", required = false) String source,
      @Parameter(description = "base64(HMAC-SHA256(raw body, secret))")
          @RequestHeader(name = "X-WC-Webhook-Signature", required = false) String signature,
      @Parameter(description = "The delivery's id (logged)")
          @RequestHeader(name = "X-WC-Webhook-Delivery-ID", required = false) String deliveryId,
      @RequestBody(required = false) byte[] body) {
    if (topic == null && signature == null && body != null && body.length < 64
        && PING.matcher(new String(body, StandardCharsets.US_ASCII)).matches()) {
      return ResponseEntity.ok(WebhookResult.nothing());
    }
    String shopId = webhooks.verifiedShop(Platform.WOOCOMMERCE, source, signature, body);
    var order = PlatformJson.object(JsonBodies.readTree(body));
    var mapped = WooCommerceOrders.map(topic, order);
    return ResponseEntity.ok(
        webhooks.ingest(shopId, Platform.WOOCOMMERCE, PlatformWebhooks.deliveryId(deliveryId), mapped.events(), mapped.skipped()));
  }
}
