package dev.cuifu.ingest.shop;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * One API key of a shop as the operator sees it: an id (the start of its SHA-256), never the key.
 * {@code apiKey} is present only in the answer that created it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiKeyView(
    @Schema(description = "The first 12 hex digits of the key's SHA-256", example = "3f2a9c41d0b7") String keyId,
    Instant createdAt,
    @Schema(description = "When the key stops (or stopped) working; absent while it has no end") Instant validUntil,
    boolean live,
    @Schema(description = "The new key; only in the answer that created it", example = "cf_…") String apiKey) {

  static final int ID_LENGTH = 12;

  static String idOf(String sha256Hex) {
    return sha256Hex.substring(0, ID_LENGTH);
  }
}
