package dev.cuifu.reminder.web;

import java.util.List;

/** A 400 naming every bad field. */
public class InvalidRequestException extends RuntimeException {

  private final List<FieldProblem> errors;

  public InvalidRequestException(String detail, List<FieldProblem> errors) {
    super(detail, null, false, false);
    this.errors = List.copyOf(errors);
  }

  public static InvalidRequestException of(String field, String message) {
    return new InvalidRequestException(field + " " + message, List.of(new FieldProblem(field, message)));
  }

  public List<FieldProblem> errors() {
    return errors;
  }
}
