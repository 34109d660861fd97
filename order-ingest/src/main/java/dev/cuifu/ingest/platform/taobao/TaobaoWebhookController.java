package dev.cuifu.ingest.platform.taobao;

import dev.cuifu.ingest.platform.Platform;
import dev.cuifu.ingest.platform.PlatformJson;
import dev.cuifu.ingest.platform.PlatformWebhooks;
import dev.cuifu.ingest.platform.WebhookResult;
import dev.cuifu.ingest.web.JsonBodies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Taobao/Tmall trade messages ({@link TaobaoMessages}) handed on by a relay that consumes the
 * shop's TMC messages (Taobao delivers them over its own long connection, not to a URL).
 */
@RestController
@Tag(name = "platform webhooks", description = "Order webhooks of shop platforms, turned into Cuifu's order events")
class TaobaoWebhookController {

  static final String PATH = "/webhooks/v1/taobao";

  static final String EXAMPLE =
      """
      {"id": 3063301012345678901, "topic": "taobao_trade_TradeBuyerPay", "pub_time": "2025-06-01 16:00:00",
       "pub_app_key": "12345678", "user_id": 2200000000001, "user_nick": "cuifu旗舰店",
       "content": "{\\"buyer_nick\\":\\"t**1\\",\\"payment\\":\\"129.00\\",\\"oid\\":1234567890123,\\"tid\\":1234567890123,\\"type\\":\\"guarantee_trade\\",\\"seller_nick\\":\\"cuifu旗舰店\\"}",
       "sign_method": "md5", "sign": "…"}""";

  private final PlatformWebhooks webhooks;

  TaobaoWebhookController(PlatformWebhooks webhooks) {
    this.webhooks = webhooks;
  }

  @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "A Taobao/Tmall trade message (TMC), handed on by a relay",
      description =
          "One TMC message as Taobao gives it (id, topic, pub_time, pub_app_key, user_id, user_nick, content), with `sign`:"
              + " the TOP signature over those fields with the app secret (sign_method md5, hmac or hmac-sha256; md5 when"
              + " absent). user_nick (the seller) selects the shop it was connected to"
              + " (PUT /admin/v1/shops/{shopId}/platforms/taobao). taobao_trade_TradeCreate and the presale deposit"
              + " taobao_trade_TradeBuyerStepPay become OrderCreated (add the buyer's receiver_mobile to content),"
              + " taobao_trade_TradeBuyerPay OrderPaid, taobao_trade_TradeClose OrderClosed. A message handed on twice"
              + " changes nothing.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object"),
                  examples = @ExampleObject(name = "TradeBuyerPay", value = EXAMPLE))),
      responses = {
        @ApiResponse(responseCode = "200", description = "Verified and handled",
            content = @Content(schema = @Schema(implementation = WebhookResult.class))),
        @ApiResponse(responseCode = "400", description = "Not a TMC message (before or after verification)",
            content = @Content(mediaType = "application/problem+json"))
      })
  public ResponseEntity<WebhookResult> receive(@RequestBody(required = false) byte[] body) {
    var message = PlatformJson.object(JsonBodies.readTree(body));
    Map<String, String> fields = TaobaoMessages.signedFields(message);
    String sign = PlatformJson.text(message, "sign");
    String shopId =
        webhooks.verifiedShop(
            Platform.TAOBAO,
            fields.get("user_nick"),
            secret -> TopSignature.verifies(fields, secret, fields.get("sign_method"), sign));
    var mapped = TaobaoMessages.map(message);
    return ResponseEntity.ok(
        webhooks.ingest(shopId, Platform.TAOBAO, PlatformWebhooks.deliveryId(fields.get("id")), mapped.events(), mapped.skipped()));
  }
}
