package dev.cuifu.reminder.backtest;

import dev.cuifu.reminder.plan.Channel;

/**
 * What one tier did over the replay.
 *
 * @param planned orders the tier was planned for (every order above the minimum, at its creation)
 * @param droppedAtPlanning qualified but no allowed moment before the payment deadline
 * @param cancelledPaid the order was paid before the touch fell due (no message)
 * @param cancelledClosed the order was closed before the touch fell due
 * @param deferredByQuietHours touches that fell due in quiet hours while their order was unpaid,
 *     moved out of them (later, or earlier to beat the deadline) at planning or when due
 * @param deferredByFrequencyCap touches put off because the buyer had had enough messages
 * @param expired touches whose deadline passed before they could go out
 * @param reminded orders this tier reached (a merged SMS reaches each order it names)
 * @param paidLaterAnyway of those, orders the data shows paid afterwards: they were paying on their own
 */
public record TierFigures(
    int tier,
    Channel channel,
    long planned,
    long droppedAtPlanning,
    long cancelledPaid,
    long cancelledClosed,
    long deferredByQuietHours,
    long deferredByFrequencyCap,
    long expired,
    long reminded,
    long paidLaterAnyway) {}
