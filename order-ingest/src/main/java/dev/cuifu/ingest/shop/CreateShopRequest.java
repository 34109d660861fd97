package dev.cuifu.ingest.shop;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;

/** The body of {@code POST /admin/v1/shops}. */
@Schema(description = "A new shop. The answer carries its API key, shown this one time only.")
record CreateShopRequest(
    @Schema(description = "The shop's id: lower-case letters, digits and dashes", example = "demo-shop",
            requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank
        @Pattern(regexp = SHOP_ID_PATTERN, message = "must be 3-64 characters: a-z, 0-9 and '-', not starting with '-'")
        String shopId,
    @Schema(description = "Display name", example = "Demo Shop", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank
        @Size(max = 200)
        @Pattern(regexp = NO_NUL_PATTERN, message = "must not contain NUL characters (U+0000)")
        String name,
    @Schema(description = "Delay of the first SMS after the order (ISO-8601), PT1S to P3D", example = "PT30M",
            type = "string", defaultValue = "PT30M")
        Duration smsDelay,
    @Schema(description = "Sender: an E.164 number or a Twilio Messaging Service SID (MG + 32 hex digits)",
            example = "+15005550006", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotBlank
        @Pattern(regexp = SMS_FROM_PATTERN, message = "must be an E.164 number (+8613800138000) or a Messaging Service SID (MG + 32 hex digits)")
        String smsFrom,
    @Schema(description = "The shop's time zone (IANA id)", example = "Asia/Shanghai", defaultValue = DEFAULT_TIME_ZONE)
        String timeZone,
    @Schema(description = PHONE_REGION_DESCRIPTION, example = "CN", nullable = true) String phoneRegion) {

  public static final String PHONE_REGION_DESCRIPTION =
      "The region (ISO 3166 alpha-2, e.g. CN) of buyer phone numbers sent without + and country code: such a"
          + " number (13800138000) is read as dialled there and published in E.164 form (+8613800138000)."
          + " Absent or null: only numbers in international form are accepted.";
  public static final String PHONE_REGION_MESSAGE = "must be an ISO 3166 alpha-2 region code with phone numbers, e.g. CN";

  /** PostgreSQL cannot store U+0000 in text: refused as a bad field, not a 500. */
  public static final String NO_NUL_PATTERN = "[^\\x00]*";
  public static final String SHOP_ID_PATTERN = "[a-z0-9][a-z0-9-]{2,63}";
  public static final String SMS_FROM_PATTERN = "\\+[1-9][0-9]{6,14}|MG[0-9a-fA-F]{32}";
  public static final Duration DEFAULT_SMS_DELAY = Duration.ofMinutes(30);
  public static final Duration MIN_SMS_DELAY = Duration.ofSeconds(1);
  public static final Duration MAX_SMS_DELAY = Duration.ofDays(3);
  public static final String DEFAULT_TIME_ZONE = "Asia/Shanghai";
}
