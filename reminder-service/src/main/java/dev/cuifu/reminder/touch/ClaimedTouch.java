package dev.cuifu.reminder.touch;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * A touch this instance holds under a lease, with what sending it needs to know; {@code claim} is
 * the claim's token, which every write on the touch names (see {@link TouchClaims}); {@code
 * plannedScriptId} is the script an experiment's arm chose for it (null: the shop's active one).
 */
public record ClaimedTouch(
    long touchId,
    UUID claim,
    String shopId,
    String orderId,
    String channel,
    Instant dueAt,
    OrderStatus orderStatus,
    String buyerId,
    String buyerPhone,
    String chatHandle,
    String buyerNote,
    ZoneId buyerTimeZone,
    String itemSummary,
    Long amountMinor,
    String currency,
    Instant paymentDeadline,
    String shopName,
    String smsFrom,
    ZoneId shopTimeZone,
    Long plannedScriptId) {

  /** False while the shop has not reached the replica yet (no name, sender or zone to send with). */
  public boolean shopKnown() {
    return shopName != null;
  }

  /** The zone the buyer reads times in: theirs, else the shop's, else UTC. */
  public ZoneId readerZone() {
    if (buyerTimeZone != null) {
      return buyerTimeZone;
    }
    return shopTimeZone != null ? shopTimeZone : ZoneId.of("UTC");
  }
}
