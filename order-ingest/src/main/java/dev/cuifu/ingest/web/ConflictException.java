package dev.cuifu.ingest.web;

/** A 409: the resource already exists. The message is safe to show to the caller. */
public class ConflictException extends RuntimeException {

  public ConflictException(String message) {
    super(message, null, false, false);
  }
}
