package dev.cuifu.ingest.shop;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A shop's settings as stored in the {@code shop} table.
 *
 * @param phoneRegion the region (ISO 3166 alpha-2) buyer numbers without + and country code are
 *     read in; null: only numbers in international form are accepted
 */
public record Shop(
    String shopId,
    String name,
    Duration smsDelay,
    String smsFrom,
    ZoneId timeZone,
    String phoneRegion,
    Instant createdAt,
    Instant updatedAt) {

  Shop withPhoneRegion(String region, Instant now) {
    return new Shop(shopId, name, smsDelay, smsFrom, timeZone, region, createdAt, now);
  }
}
