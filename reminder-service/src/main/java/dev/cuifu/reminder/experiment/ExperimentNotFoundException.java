package dev.cuifu.reminder.experiment;

/** No such experiment (or arm) in the shop. */
public class ExperimentNotFoundException extends RuntimeException {

  ExperimentNotFoundException(String message) {
    super(message, null, false, false);
  }
}
