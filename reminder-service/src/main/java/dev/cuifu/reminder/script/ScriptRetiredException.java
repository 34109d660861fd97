package dev.cuifu.reminder.script;

/** A retired script cannot be changed; the shop creates a new one. */
public class ScriptRetiredException extends RuntimeException {

  ScriptRetiredException(String message) {
    super(message, null, false, false);
  }
}
