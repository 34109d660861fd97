package dev.cuifu.reminder.phone;

/** The task is in a state that does not allow the request (held by another agent, closed …). */
public class PhoneTaskConflictException extends RuntimeException {

  PhoneTaskConflictException(String detail) {
    super(detail, null, false, false);
  }
}
