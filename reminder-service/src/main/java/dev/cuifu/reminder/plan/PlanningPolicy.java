package dev.cuifu.reminder.plan;

import java.time.Duration;
import java.time.ZoneId;

/**
 * What planning needs of a shop's policy: which tiers, when, for whom.
 *
 * @param phoneMinAmountMinor an order at or above this amount gets a phone task
 * @param returningBuyerMinPaidOrders a buyer with at least this many earlier paid orders gets one
 * @param phoneOnBuyerNote an order with a buyer note gets one
 * @param minOrderAmountMinor orders below this are not reminded at all
 */
public record PlanningPolicy(
    boolean smsEnabled,
    Duration smsDelay,
    boolean chatEnabled,
    Duration chatDelay,
    boolean phoneEnabled,
    Duration phoneDelay,
    long phoneMinAmountMinor,
    int returningBuyerMinPaidOrders,
    boolean phoneOnBuyerNote,
    long minOrderAmountMinor,
    Duration defaultPaymentDeadline,
    ZoneId shopTimeZone,
    QuietHours quietHours) {}
