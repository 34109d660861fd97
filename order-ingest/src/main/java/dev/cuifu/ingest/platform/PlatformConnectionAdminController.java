package dev.cuifu.ingest.platform;

import dev.cuifu.ingest.shop.Operator;
import dev.cuifu.ingest.web.FieldProblem;
import dev.cuifu.ingest.web.InvalidRequestException;
import dev.cuifu.ingest.web.JsonBodies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The operator connects a shop to its Shopify or WooCommerce store: {@code /admin/v1/shops/{shopId}/platforms}. */
@RestController
@RequestMapping(path = "/admin/v1/shops/{shopId}/platforms", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "shops", description = "Shop administration (operator only)")
@ApiResponse(responseCode = "401", description = "Missing or wrong operator token", content = @Content(mediaType = "application/problem+json"))
@ApiResponse(responseCode = "404", description = "No such shop (or no store on that platform)",
    content = @Content(mediaType = "application/problem+json"))
class PlatformConnectionAdminController {

  private final PlatformConnections connections;

  PlatformConnectionAdminController(PlatformConnections connections) {
    this.connections = connections;
  }

  @GetMapping
  @Operation(summary = "The shop's connected stores; never their secrets")
  public List<PlatformConnectionView> list(@Parameter(hidden = true) Operator operator, @PathVariable String shopId) {
    return connections.list(shopId);
  }

  @PutMapping(path = "/{platform}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Connect the shop's store on a platform, or replace its store and secret",
      description =
          "The platform's webhooks for this store are then accepted at `webhookPath` (see docs/platforms.md), verified"
              + " with this secret; the previous secret stops at once. A store belongs to one shop only, and a secret to"
              + " one store only: the store a webhook names is not signed, so stores sharing a secret could pass for"
              + " each other. Putting the same store and secret again is allowed.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true, content = @Content(schema = @Schema(implementation = ConnectPlatformRequest.class))),
      responses = {
        @ApiResponse(responseCode = "200", description = "Connected; the secret is not shown",
            content = @Content(schema = @Schema(implementation = PlatformConnectionView.class))),
        @ApiResponse(responseCode = "400", description = "An unknown platform, a store name or secret that is not valid",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(responseCode = "409",
            description = "The store is connected to another shop, or the secret is connected for another store (of"
                + " any shop, on any platform): each store needs its own app or webhook secret. The answer does not"
                + " name the other shop.",
            content = @Content(mediaType = "application/problem+json"))
      })
  public ResponseEntity<PlatformConnectionView> connect(
      @Parameter(hidden = true) Operator operator,
      @PathVariable String shopId,
      @Parameter(description = "shopify, woocommerce or taobao", example = "shopify") @PathVariable String platform,
      @RequestBody byte[] body) {
    Platform known = platform(platform);
    List<FieldProblem> problems = new ArrayList<>();
    ConnectPlatformRequest request = JsonBodies.convert(JsonBodies.readTree(body), ConnectPlatformRequest.class, "", problems);
    if (request == null) {
      throw new InvalidRequestException("The connection is invalid.", problems);
    }
    String account = known.normalisedAccount(request.account()).orElse(null);
    if (account == null) {
      problems.add(new FieldProblem("account", "must be " + known.accountDescription()));
    }
    String secret = request.secret();
    if (secret == null
        || secret.length() < ConnectPlatformRequest.MIN_SECRET
        || secret.length() > ConnectPlatformRequest.MAX_SECRET
        || secret.chars().anyMatch(c -> Character.isISOControl(c))) {
      problems.add(new FieldProblem(
          "secret",
          "must be %d to %d characters without control characters"
              .formatted(ConnectPlatformRequest.MIN_SECRET, ConnectPlatformRequest.MAX_SECRET)));
    } else if (!secret.equals(secret.strip())) {
      // no platform's secret has them: a paste with spaces would answer 401 to every webhook
      problems.add(new FieldProblem("secret", "must not begin or end with spaces; paste the secret without them"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException("The connection is invalid.", problems);
    }
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(connections.connect(shopId, known, account, secret));
  }

  @DeleteMapping("/{platform}")
  @Operation(summary = "Disconnect the shop's store on a platform: its webhooks are refused from now on")
  @ApiResponse(responseCode = "204", description = "Disconnected")
  public ResponseEntity<Void> disconnect(
      @Parameter(hidden = true) Operator operator,
      @PathVariable String shopId,
      @Parameter(description = "shopify, woocommerce or taobao", example = "shopify") @PathVariable String platform) {
    connections.disconnect(shopId, platform(platform));
    return ResponseEntity.noContent().build();
  }

  private static Platform platform(String id) {
    return Platform.of(id)
        .orElseThrow(
            () -> new InvalidRequestException(
                "There is no platform by that name.",
                List.of(new FieldProblem("platform", "must be one of shopify, woocommerce, taobao"))));
  }
}
