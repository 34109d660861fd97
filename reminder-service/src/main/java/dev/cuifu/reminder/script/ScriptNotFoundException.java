package dev.cuifu.reminder.script;

/** No such script in the shop. */
public class ScriptNotFoundException extends RuntimeException {

  ScriptNotFoundException(String message) {
    super(message, null, false, false);
  }
}
