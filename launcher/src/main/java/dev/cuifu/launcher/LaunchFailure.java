package dev.cuifu.launcher;

/**
 * A start that cannot go on for a reason the operator can fix (a port taken): the launcher prints
 * its message as one line, without a stack trace.
 */
public final class LaunchFailure extends RuntimeException {

  LaunchFailure(String message) {
    super(message, null, false, false);
  }
}
