package dev.cuifu.reminder.shop;

import java.time.Duration;
import java.time.ZoneId;

/**
 * What reminder-service knows of a shop, replicated from order-ingest.
 *
 * @param phoneRegion the region (e.g. {@code CN}) the shop's numbers without {@code +} are read in,
 *     or null when it sends E.164 only
 */
public record Shop(
    String shopId, String name, Duration smsDelay, String smsFrom, ZoneId timeZone, String phoneRegion) {}
