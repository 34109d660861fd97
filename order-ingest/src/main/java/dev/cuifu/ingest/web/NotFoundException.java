package dev.cuifu.ingest.web;

/** A 404. The message is safe to show to the caller. */
public class NotFoundException extends RuntimeException {

  public NotFoundException(String message) {
    super(message, null, false, false);
  }
}
