package dev.cuifu.ingest.kafka;

/** Kafka did not acknowledge (or could not even start) a transaction: nothing was published. */
public class PublishFailedException extends RuntimeException {

  public PublishFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
