package dev.cuifu.reminder.shop;

import java.time.Duration;
import java.time.ZoneId;

/** What reminder-service knows of a shop, replicated from order-ingest. */
public record Shop(String shopId, String name, Duration smsDelay, String smsFrom, ZoneId timeZone) {}
