package dev.cuifu.common.orderfile;

/** An order file that cannot be read at all: no header, or a column its profile needs is missing. */
public class OrderFileException extends RuntimeException {

  public OrderFileException(String message) {
    super(message);
  }
}
