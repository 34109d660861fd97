package dev.cuifu.reminder.optout;

import dev.cuifu.reminder.plan.Channel;
import java.time.Instant;

/**
 * A buyer's phone that one shop must no longer contact on one channel, until the buyer opts back
 * in.
 *
 * @param phone E.164, e.g. {@code +8613800138000}
 * @param source how the opt-out arrived, e.g. {@link OptOutRegistry#SOURCE_API} or {@link
 *     OptOutRegistry#SOURCE_STOP}
 * @param reason free text from the shop or the buyer; may be null
 */
public record OptOut(String shopId, Channel channel, String phone, String source, String reason, Instant createdAt) {}
