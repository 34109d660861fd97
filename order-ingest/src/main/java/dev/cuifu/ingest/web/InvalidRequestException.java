package dev.cuifu.ingest.web;

import java.util.List;
import java.util.Map;

/** A 400: the body is malformed or names bad fields; {@code errors} lists every bad field. */
public class InvalidRequestException extends RuntimeException {

  private final List<FieldProblem> errors;
  private final Map<String, Object> properties;

  public InvalidRequestException(String detail, List<FieldProblem> errors) {
    this(detail, errors, Map.of());
  }

  public InvalidRequestException(String detail, List<FieldProblem> errors, Map<String, Object> properties) {
    super(detail, null, false, false);
    this.errors = List.copyOf(errors);
    this.properties = Map.copyOf(properties);
  }

  public List<FieldProblem> errors() {
    return errors;
  }

  /** Extra members of the problem document, such as {@code line} and {@code column}. */
  public Map<String, Object> properties() {
    return properties;
  }
}
