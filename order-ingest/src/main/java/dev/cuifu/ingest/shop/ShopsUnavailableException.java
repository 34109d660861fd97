package dev.cuifu.ingest.shop;

/** Kafka or the database failed: the shop or key change (or the key check) did not happen; retry it. */
public class ShopsUnavailableException extends RuntimeException {

  ShopsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
