package dev.cuifu.reminder.phone;

import java.time.Instant;

/**
 * One task of the phone-agent queue: call the buyer about an unpaid order. {@code state} is
 * {@code OPEN}, {@code CLAIMED} (held by a phone agent) or {@code CLOSED}; {@code closedAt} and {@code closeReason} are set once closed.
 */
public record PhoneTask(
    long taskId,
    long touchId,
    String shopId,
    String orderId,
    int priority,
    String state,
    String reason,
    Instant createdAt,
    Instant closedAt,
    String closeReason) {}
