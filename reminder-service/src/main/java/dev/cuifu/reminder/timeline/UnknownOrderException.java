package dev.cuifu.reminder.timeline;

/** The shop has no order with that id (another shop's order is unknown too). */
public class UnknownOrderException extends RuntimeException {

  UnknownOrderException() {
    // the id is not repeated: it is whatever the caller put in the path
    super("There is no order with this id for this shop.", null, false, false);
  }
}
