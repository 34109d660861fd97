package dev.cuifu.reminder.experiment;

import java.time.Instant;

/**
 * An order held out of its tier by an experiment, with the time its touch would have been due.
 *
 * @param wouldDueAt the due time of the touch it would have had under {@code twinArmId}'s delay
 * @param twinArmId the arm the order would have had had it not been held out, or null (no open arm)
 */
public record HeldOutOrder(long experimentId, String shopId, String orderId, int tier, Instant wouldDueAt, String twinArmId) {}
