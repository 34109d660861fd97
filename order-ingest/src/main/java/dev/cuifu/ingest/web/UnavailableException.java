package dev.cuifu.ingest.web;

/** A 503 with {@code Retry-After}: nothing of the request was accepted; retry it in full. */
public class UnavailableException extends RuntimeException {

  public UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
