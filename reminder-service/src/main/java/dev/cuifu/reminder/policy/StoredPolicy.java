package dev.cuifu.reminder.policy;

import java.time.Instant;

/**
 * A shop's policy as served: the stored one, or the defaults when the shop never changed it.
 *
 * @param version 1 for the first stored policy, one more with every update; 0 for the defaults
 * @param updatedAt when it was stored; null for the defaults
 * @param defaults true when the shop has not stored a policy and follows the defaults
 */
public record StoredPolicy(String shopId, int version, Instant updatedAt, ShopPolicy policy, boolean defaults) {}
