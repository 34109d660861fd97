package dev.cuifu.ingest.platform;

/** The database failed while a store was looked up or connected: nothing was done; retry (503). */
public class PlatformsUnavailableException extends RuntimeException {

  PlatformsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
