package dev.cuifu.reminder.timeline;

/** The shop has no order with that id (another shop's order is unknown too). */
public class UnknownOrderException extends RuntimeException {

  UnknownOrderException(String orderId) {
    super("no order " + orderId + " for this shop", null, false, false);
  }
}
