package dev.cuifu.common.orderfile;

import java.util.List;

/** A profile that cannot be used: what is wrong with it, every field at once. */
public final class InvalidProfileException extends RuntimeException {

  private final List<String> problems;

  public InvalidProfileException(String message, List<String> problems) {
    super(message, null, false, false);
    this.problems = List.copyOf(problems);
  }

  /** One entry per wrong field, each starting with the field's path ({@code columns.buyerPhone: required}). */
  public List<String> problems() {
    return problems;
  }

  /** The message and one line per problem, for the terminal. */
  public String describe() {
    StringBuilder text = new StringBuilder(getMessage());
    problems.forEach(problem -> text.append("\n  - ").append(problem));
    return text.toString();
  }
}
