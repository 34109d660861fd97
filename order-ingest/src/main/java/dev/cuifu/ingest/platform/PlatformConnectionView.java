package dev.cuifu.ingest.platform;

import dev.cuifu.common.shop.ApiKeyDigest;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A shop's store on a platform as the operator sees it: never the secret, only the start of its SHA-256. */
record PlatformConnectionView(
    @Schema(example = "shopify") String platform,
    @Schema(example = "example.myshopify.com") String account,
    @Schema(
            description = "The first 12 hex digits of the secret's SHA-256 (printf %s \"$SECRET\" | sha256sum | cut -c1-12)",
            example = "3f2a9c41d0b7")
        String secretSha256,
    @Schema(description = "Where the platform sends its webhooks, on this service", example = "/webhooks/v1/shopify")
        String webhookPath,
    Instant createdAt,
    Instant updatedAt) {

  static PlatformConnectionView of(PlatformConnection connection) {
    return new PlatformConnectionView(
        connection.platform().id(),
        connection.account(),
        ApiKeyDigest.sha256Hex(connection.secret()).substring(0, 12),
        "/webhooks/v1/" + connection.platform().id(),
        connection.createdAt(),
        connection.updatedAt());
  }
}
