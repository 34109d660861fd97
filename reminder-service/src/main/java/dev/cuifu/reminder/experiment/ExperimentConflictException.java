package dev.cuifu.reminder.experiment;

/** The experiment or its arm is in a state that does not allow the change. */
public class ExperimentConflictException extends RuntimeException {

  ExperimentConflictException(String message) {
    super(message, null, false, false);
  }
}
