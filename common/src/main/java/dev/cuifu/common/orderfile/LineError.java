package dev.cuifu.common.orderfile;

/**
 * A line of an order file that could not be read, and why. The reason names the column and what
 * was expected, never the value itself: a line may hold a buyer's phone number. The order id is
 * given when the line's id cell could be read (an id is no buyer's data, and it is what a shop
 * looks the order up by); null otherwise.
 */
public record LineError(long line, String orderId, String reason) {

  /** A line whose order id could not be read. */
  public LineError(long line, String reason) {
    this(line, null, reason);
  }

  @Override
  public String toString() {
    return "line " + line + (orderId == null ? "" : " (order " + orderId + ")") + ": " + reason;
  }
}
