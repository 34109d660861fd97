package dev.cuifu.reminder.security;

/** A request about agents that their state refuses; {@link #kind} says which rule. */
public class AgentConflictException extends RuntimeException {

  /** The rule, named in the problem's type. */
  public enum Kind {
    /** Usernames are unique across shops. */
    USERNAME_TAKEN,
    /** An admin cannot disable themselves, so a shop cannot lock out its last admin by accident. */
    SELF_DISABLE
  }

  private final Kind kind;

  AgentConflictException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
