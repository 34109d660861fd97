package dev.cuifu.reminder.script;

import java.time.Instant;

/** What a message says about one order. */
public record OrderFacts(String orderId, String itemSummary, Long amountMinor, String currency, Instant paymentDeadline) {}
