package dev.cuifu.ingest.shop;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code PATCH /admin/v1/shops/{shopId}}: a JSON merge patch of the settings that can change. */
@Schema(description = "The settings to change; a field left out stays as it is, null clears it")
record ShopChangeRequest(
    @Schema(description = CreateShopRequest.PHONE_REGION_DESCRIPTION, example = "CN", nullable = true)
        String phoneRegion) {}
