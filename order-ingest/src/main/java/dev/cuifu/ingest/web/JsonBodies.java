package dev.cuifu.ingest.web;

import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.web.UnreadableBody;
import jakarta.validation.ConstraintViolation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Reads request bodies with the contract's strict JSON mapping ({@link EventJson#strictMapper()}:
 * unknown fields and values of another JSON type refused) and turns
 * every failure into an {@link InvalidRequestException} that names the field (from Jackson's path)
 * or, for malformed JSON, the line and column.
 */
public final class JsonBodies {

  private JsonBodies() {}

  /** The body as a JSON tree; a malformed body is a 400 saying where it broke. */
  public static JsonNode readTree(byte[] body) {
    if (body == null || body.length == 0) {
      throw new InvalidRequestException("The request body is empty.", List.of());
    }
    JsonNode tree;
    try {
      tree = EventJson.strictMapper().readTree(body);
    } catch (StreamReadException e) {
      // where it broke and why in words, never Jackson's message: it quotes the token it tripped over
      TokenStreamLocation at = e.getLocation();
      int line = at == null ? -1 : at.getLineNr();
      int column = at == null ? -1 : at.getColumnNr();
      throw new InvalidRequestException(UnreadableBody.of(e).detail(), List.of(), Map.of("line", line, "column", column));
    } catch (JacksonException e) {
      throw new InvalidRequestException(UnreadableBody.of(e).detail(), List.of());
    }
    if (tree == null || tree.isMissingNode()) {
      throw new InvalidRequestException("The request body is empty.", List.of());
    }
    return tree;
  }

  /**
   * Converts one JSON node; a wrong type or format becomes a {@link FieldProblem} named by its
   * path under {@code prefix}.
   */
  public static <T> T convert(JsonNode node, Class<T> type, String prefix, List<FieldProblem> problems) {
    try {
      return EventJson.strictMapper().treeToValue(node, type);
    } catch (JacksonException e) {
      problems.add(problem(e, prefix));
      return null;
    }
  }

  static FieldProblem problem(JacksonException e, String prefix) {
    String path = path(e);
    if (e instanceof InvalidTypeIdException typeId) {
      String field = join(prefix, join(path, "type"));
      return new FieldProblem(
          field,
          typeId.getTypeId() == null
              ? "is missing; must be one of OrderCreated, OrderPaid, OrderClosed"
              : "must be one of OrderCreated, OrderPaid, OrderClosed");
    }
    if (e instanceof UnrecognizedPropertyException) {
      return new FieldProblem(join(prefix, path), "is not a known field");
    }
    String field = path.isEmpty() ? (prefix.isEmpty() ? "$" : prefix) : join(prefix, path);
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return new FieldProblem(field, "has the wrong type or format (expected " + describe(mismatch.getTargetType()) + ")");
    }
    return new FieldProblem(field, "cannot be read");
  }

  /** Every constraint violation as a problem, named by its property path under {@code prefix}. */
  public static <T> List<FieldProblem> problems(Collection<ConstraintViolation<T>> violations, String prefix) {
    List<FieldProblem> problems = new ArrayList<>();
    for (ConstraintViolation<T> violation : violations) {
      problems.add(new FieldProblem(join(prefix, violation.getPropertyPath().toString()), violation.getMessage()));
    }
    problems.sort(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message));
    return problems;
  }

  static String path(JacksonException e) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  public static String join(String prefix, String path) {
    if (prefix.isEmpty()) {
      return path;
    }
    if (path.isEmpty()) {
      return prefix;
    }
    return path.startsWith("[") ? prefix + path : prefix + "." + path;
  }

  private static String describe(Class<?> type) {
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == java.time.Instant.class) {
      return "an ISO-8601 instant such as 2025-06-01T08:00:00Z";
    }
    if (type == java.time.Duration.class) {
      return "an ISO-8601 duration such as PT30M";
    }
    if (type == java.time.ZoneId.class) {
      return "a time zone id such as Asia/Shanghai";
    }
    if (type.isRecord() || !type.getName().startsWith("java.")) {
      return "an object";
    }
    return type.getSimpleName();
  }
}
