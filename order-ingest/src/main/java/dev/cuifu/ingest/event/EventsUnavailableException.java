package dev.cuifu.ingest.event;

/** Kafka or the database failed: nothing of the request was accepted; retry it in full. */
public class EventsUnavailableException extends RuntimeException {

  EventsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
