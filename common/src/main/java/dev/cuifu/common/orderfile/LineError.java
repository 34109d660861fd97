package dev.cuifu.common.orderfile;

/**
 * A line of an order file that could not be read, and why. The reason names the column and what
 * was expected, never the value itself: a line may hold a buyer's phone number.
 */
public record LineError(long line, String reason) {

  @Override
  public String toString() {
    return "line " + line + ": " + reason;
  }
}
