package dev.cuifu.reminder.phone;

/** No such task in the shop (another shop's task is not found either). */
public class PhoneTaskNotFoundException extends RuntimeException {

  PhoneTaskNotFoundException(long taskId) {
    super("No phone task " + taskId + ".", null, false, false);
  }
}
