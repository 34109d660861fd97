package dev.cuifu.reminder.channel.sms;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Twilio's message status words in the order they can follow one another: accepted/scheduled <
 * queued < sending < sent < delivered < read. {@code undelivered}, {@code failed} and {@code
 * canceled} are final: nothing moves a message out of them. A status only ever moves forward, so a
 * replayed or out-of-order callback changes nothing.
 */
final class DeliveryStatus {

  private static final Map<String, Integer> RANK =
      Map.ofEntries(
          Map.entry("accepted", 0),
          Map.entry("scheduled", 0),
          Map.entry("queued", 1),
          Map.entry("sending", 2),
          Map.entry("sent", 3),
          Map.entry("delivered", 4),
          Map.entry("undelivered", 4),
          Map.entry("failed", 4),
          Map.entry("canceled", 4),
          Map.entry("read", 5));

  private DeliveryStatus() {}

  /** The status word in lower case when Twilio's status is one we know. */
  static Optional<String> known(String status) {
    if (status == null) {
      return Optional.empty();
    }
    String word = status.strip().toLowerCase(Locale.ROOT);
    return RANK.containsKey(word) ? Optional.of(word) : Optional.empty();
  }

  static boolean isFinal(String status) {
    return "undelivered".equals(status) || "failed".equals(status) || "canceled".equals(status);
  }

  /** Whether a message now in {@code current} (null: nothing heard yet) may move to {@code next}. */
  static boolean movesForward(String current, String next) {
    if (current == null) {
      return true;
    }
    if (isFinal(current) || !RANK.containsKey(current)) {
      return false;
    }
    return RANK.get(next) > RANK.get(current);
  }
}
