package dev.cuifu.common.event;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * The current settings of one shop, published by order-ingest (which owns shops) on the compacted
 * shops topic keyed by shop id, so every service holds the latest version of every shop.
 *
 * @param apiKeySha256 hex SHA-256 digests of the shop's live API keys (never the keys themselves)
 * @param smsDelay how long after the order the first SMS goes out
 * @param smsFrom the sender: a phone number or a Twilio Messaging Service SID ({@code MG…})
 * @param phoneRegion the region (ISO 3166 alpha-2, e.g. {@code CN}) the shop's national numbers
 *     (without {@code +}) are read in, or null: records written before it existed lack it
 */
public record ShopUpdated(
    @NotNull Integer schemaVersion,
    @NotBlank String shopId,
    @NotBlank String name,
    @NotNull List<String> apiKeySha256,
    @NotNull Duration smsDelay,
    @NotBlank String smsFrom,
    @NotNull ZoneId timeZone,
    @NotNull Instant updatedAt,
    String phoneRegion) {

  public static final int SCHEMA_VERSION = 1;

  /** A shop without a phone region: every number it sends carries its country code. */
  public ShopUpdated(
      Integer schemaVersion,
      String shopId,
      String name,
      List<String> apiKeySha256,
      Duration smsDelay,
      String smsFrom,
      ZoneId timeZone,
      Instant updatedAt) {
    this(schemaVersion, shopId, name, apiKeySha256, smsDelay, smsFrom, timeZone, updatedAt, null);
  }
}
