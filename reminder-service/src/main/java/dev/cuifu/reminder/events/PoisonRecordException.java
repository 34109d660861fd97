package dev.cuifu.reminder.events;

/** A record that can never be applied (undecodable, invalid): it goes to the dead-letter topic. */
public final class PoisonRecordException extends RuntimeException {

  public PoisonRecordException(String reason, Throwable cause) {
    super(reason, cause);
  }

  public PoisonRecordException(String reason) {
    super(reason);
  }
}
