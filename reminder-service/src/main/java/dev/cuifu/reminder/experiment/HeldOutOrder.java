package dev.cuifu.reminder.experiment;

import java.time.Instant;

/** An order held out of its tier by an experiment, with the time its touch would have been due. */
public record HeldOutOrder(long experimentId, String shopId, String orderId, int tier, Instant wouldDueAt) {}
