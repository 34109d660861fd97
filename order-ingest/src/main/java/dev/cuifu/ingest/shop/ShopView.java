package dev.cuifu.ingest.shop;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A shop's settings as the admin API shows them. {@code apiKey} is present only in the answer to
 * the creation, the one time the key is ever shown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ShopView(
    String shopId,
    String name,
    @Schema(example = "PT30M") String smsDelay,
    String smsFrom,
    @Schema(example = "Asia/Shanghai") String timeZone,
    @Schema(
            description = "The region (ISO 3166 alpha-2) buyer numbers without + and country code are read in;"
                + " null: only numbers in international form (+86…) are accepted",
            example = "CN",
            nullable = true)
        @JsonInclude(JsonInclude.Include.ALWAYS)
        String phoneRegion,
    Instant createdAt,
    Instant updatedAt,
    @Schema(description = "Number of API keys that are not revoked") int liveApiKeys,
    @Schema(description = "The new API key; only in the answer to the creation", example = "cf_…") String apiKey) {

  static ShopView of(Shop shop, int liveApiKeys, String apiKey) {
    return new ShopView(
        shop.shopId(),
        shop.name(),
        shop.smsDelay().toString(),
        shop.smsFrom(),
        shop.timeZone().getId(),
        shop.phoneRegion(),
        shop.createdAt(),
        shop.updatedAt(),
        liveApiKeys,
        apiKey);
  }
}
