package dev.cuifu.ingest.event;

import dev.cuifu.common.event.EventContent;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.ingest.config.IngestProperties;
import dev.cuifu.ingest.web.FieldProblem;
import dev.cuifu.ingest.web.InvalidRequestException;
import dev.cuifu.ingest.web.JsonBodies;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Turns a request body into stamped, valid order events, or into one {@link InvalidRequestException}
 * that names every bad field of every event.
 *
 * <p>Order: parse (the contract's JSON mapping), stamp with {@link OrderEvent#stampedFor} (shop id
 * from the API key, schema version, E.164 phone), validate once. Stamping normalises the phone
 * number and refuses an invalid or missing one; only then is what the shop sent validated
 * (ignoring {@code shopId} and {@code schemaVersion}, which the server sets), so that every bad
 * field is still named. The content rules of {@link EventContent} (no control characters, instants
 * in the configured window) come with the validation. Validating once matters: Bean Validation and the phone number's parsing
 * were most of order-ingest's CPU per event.
 */
@Component
public class EventReader {

  private static final Set<String> STAMPED_FIELDS = Set.of("shopId", "schemaVersion");

  private final Validator validator;
  private final IngestProperties properties;

  public EventReader(Validator validator, IngestProperties properties) {
    this.validator = validator;
    this.properties = properties;
  }

  public OrderEvent readOne(byte[] body, String shopId) {
    JsonNode tree = JsonBodies.readTree(body);
    List<FieldProblem> problems = new ArrayList<>();
    OrderEvent event = read(tree, "", shopId, problems);
    if (!problems.isEmpty() || event == null) {
      throw new InvalidRequestException(describe(problems), problems);
    }
    return event;
  }

  public List<OrderEvent> readBatch(byte[] body, String shopId) {
    JsonNode tree = JsonBodies.readTree(body);
    if (!tree.isObject()) {
      throw new InvalidRequestException(
          "The body must be an object {\"events\": [...]}.", List.of(new FieldProblem("$", "must be an object")));
    }
    List<FieldProblem> unknown = new ArrayList<>();
    for (String field : tree.propertyNames()) {
      if (!field.equals("events")) {
        unknown.add(new FieldProblem(field, "is not a known field"));
      }
    }
    if (!unknown.isEmpty()) {
      throw new InvalidRequestException("The batch holds fields other than events.", unknown);
    }
    JsonNode events = tree.get("events");
    int max = properties.maxBatchSize();
    if (events == null || !events.isArray()) {
      throw new InvalidRequestException(
          "The batch has no events array.", List.of(new FieldProblem("events", "must be an array of 1 to %d events".formatted(max))));
    }
    if (events.isEmpty() || events.size() > max) {
      throw new InvalidRequestException(
          "A batch holds 1 to %d events; this one has %d.".formatted(max, events.size()),
          List.of(new FieldProblem("events", "must contain 1 to %d events".formatted(max))));
    }
    List<FieldProblem> problems = new ArrayList<>();
    List<OrderEvent> read = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      OrderEvent event = read(events.get(i), "events[" + i + "]", shopId, problems);
      if (event != null) {
        read.add(event);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(describe(problems), problems);
    }
    return read;
  }

  private OrderEvent read(JsonNode node, String prefix, String shopId, List<FieldProblem> problems) {
    if (node == null || !node.isObject()) {
      problems.add(new FieldProblem(prefix.isEmpty() ? "$" : prefix, "must be an event object"));
      return null;
    }
    OrderEvent sent = JsonBodies.convert(node, OrderEvent.class, prefix, problems);
    if (sent == null) {
      return null;
    }
    return check(sent, prefix, shopId, problems);
  }

  /**
   * An event built from another source (a platform's webhook) through the same stamping and
   * validation as a posted one: the stamped event, or null with its problems added (named under
   * {@code prefix}).
   */
  public OrderEvent check(OrderEvent sent, String prefix, String shopId, List<FieldProblem> problems) {
    OrderEvent stamped;
    try {
      stamped = sent.stampedFor(shopId);
    } catch (IllegalArgumentException e) {
      // only a missing or invalid phone number stops stamping: name every problem the shop sent
      List<FieldProblem> sentProblems = JsonBodies.problems(unstampedViolations(sent), prefix);
      problems.addAll(
          sentProblems.isEmpty() ? List.of(new FieldProblem(prefix.isEmpty() ? "$" : prefix, e.getMessage())) : sentProblems);
      return null;
    }
    List<FieldProblem> stampedProblems = JsonBodies.problems(validator.validate(stamped), prefix);
    for (EventContent.Problem problem : EventContent.problems(stamped, properties.acceptedInstants().window())) {
      stampedProblems.add(new FieldProblem(JsonBodies.join(prefix, problem.field()), problem.message()));
    }
    if (!stampedProblems.isEmpty()) {
      problems.addAll(stampedProblems);
      return null;
    }
    return stamped;
  }

  /** What the shop sent, checked without the fields the server sets. */
  private Set<ConstraintViolation<OrderEvent>> unstampedViolations(OrderEvent sent) {
    return validator.validate(sent).stream()
        .filter(v -> !STAMPED_FIELDS.contains(v.getPropertyPath().toString()))
        .collect(Collectors.toSet());
  }

  private static String describe(List<FieldProblem> problems) {
    return problems.size() == 1
        ? "1 field is invalid: " + problems.get(0).field() + "."
        : "%d fields are invalid.".formatted(problems.size());
  }
}
