package dev.cuifu.ingest.shop;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** A shop's settings as stored in the {@code shop} table. */
public record Shop(
    String shopId,
    String name,
    Duration smsDelay,
    String smsFrom,
    ZoneId timeZone,
    Instant createdAt,
    Instant updatedAt) {}
