package dev.cuifu.ingest.platform;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code PUT /admin/v1/shops/{shopId}/platforms/{platform}}. */
@Schema(description = "The shop's store on the platform and the secret its webhooks are signed with")
record ConnectPlatformRequest(
    @Schema(
            description =
                "The store as the platform's webhooks name it. shopify: the myshopify.com domain"
                    + " (X-Shopify-Shop-Domain); woocommerce: the site URL (X-WC-Webhook-Source); taobao: the seller nick (user_nick of its TMC messages).",
            example = "example.myshopify.com",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String account,
    @Schema(
            description =
                "The signing secret, 16 to 500 characters. shopify: the app's client secret (or the key shown under"
                    + " Settings > Notifications > Webhooks for webhooks made there); woocommerce: the webhook's Secret; taobao: the app secret the relay signs its messages with."
                    + " Stored to verify signatures; never shown again.",
            example = "shpss_0123456789abcdef0123456789abcdef",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String secret) {

  static final int MIN_SECRET = 16;
  static final int MAX_SECRET = 500;

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "ConnectPlatformRequest[account=%s]".formatted(account);
  }
}
