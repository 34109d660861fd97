package dev.cuifu.ingest.shop;

import dev.cuifu.ingest.config.IngestProperties;
import dev.cuifu.ingest.web.FieldProblem;
import dev.cuifu.ingest.web.InvalidRequestException;
import dev.cuifu.ingest.web.JsonBodies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The operator rotates and revokes a shop's API keys: {@code /admin/v1/shops/{shopId}/api-keys}. */
@RestController
@RequestMapping(path = "/admin/v1/shops/{shopId}/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "shops", description = "Shop administration (operator only)")
class ApiKeyAdminController {

  private final ShopService shops;
  private final IngestProperties properties;

  public ApiKeyAdminController(ShopService shops, IngestProperties properties) {
    this.shops = shops;
    this.properties = properties;
  }

  @GetMapping
  @Operation(summary = "The shop's keys: ids, creation, end of validity; never the keys")
  public List<ApiKeyView> list(@Parameter(hidden = true) Operator operator, @PathVariable String shopId) {
    return shops.keys(shopId);
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Issue a new key; the shop's other keys keep working for the overlap, then stop",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = false, content = @Content(schema = @Schema(implementation = RotateKeyRequest.class))),
      responses = {
        @ApiResponse(responseCode = "201", description = "The new key, shown once",
            content = @Content(schema = @Schema(implementation = ApiKeyView.class))),
        @ApiResponse(responseCode = "400", description = "An overlap out of range",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(responseCode = "404", description = "No such shop", content = @Content(mediaType = "application/problem+json"))
      })
  public ResponseEntity<ApiKeyView> rotate(
      @Parameter(hidden = true) Operator operator,
      @PathVariable String shopId,
      @RequestBody(required = false) byte[] body) {
    return ResponseEntity.status(HttpStatus.CREATED).body(shops.rotateKey(shopId, overlap(body)));
  }

  @DeleteMapping("/{keyId}")
  @Operation(summary = "Revoke one key now, in order-ingest and reminder-service")
  public ResponseEntity<Void> revoke(
      @Parameter(hidden = true) Operator operator, @PathVariable String shopId, @PathVariable String keyId) {
    shops.revokeKey(shopId, keyId);
    return ResponseEntity.noContent().build();
  }

  private Duration overlap(byte[] body) {
    if (body == null || body.length == 0) {
      return properties.apiKeys().overlap();
    }
    List<FieldProblem> problems = new ArrayList<>();
    RotateKeyRequest request = JsonBodies.convert(JsonBodies.readTree(body), RotateKeyRequest.class, "", problems);
    if (request == null) {
      throw new InvalidRequestException("The rotation is invalid.", problems);
    }
    Duration overlap = request.overlap() == null ? properties.apiKeys().overlap() : request.overlap();
    if (overlap.isNegative() || overlap.compareTo(properties.apiKeys().maxOverlap()) > 0) {
      throw new InvalidRequestException(
          "The rotation is invalid.",
          List.of(new FieldProblem("overlap", "must lie between PT0S and " + properties.apiKeys().maxOverlap())));
    }
    return overlap;
  }
}
