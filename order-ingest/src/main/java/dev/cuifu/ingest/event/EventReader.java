package dev.cuifu.ingest.event;

import dev.cuifu.common.event.EventContent;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.common.phone.SmsNumber;
import dev.cuifu.ingest.config.IngestProperties;
import dev.cuifu.ingest.shop.PhoneRegions;
import dev.cuifu.ingest.web.FieldProblem;
import dev.cuifu.ingest.web.InvalidRequestException;
import dev.cuifu.ingest.web.JsonBodies;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Turns a request body into stamped, valid order events, or into one {@link InvalidRequestException}
 * that names every bad field of every event.
 *
 * <p>Order: parse (the contract's JSON mapping), make the buyer's number the E.164 number of a
 * mobile ({@link PhoneNumbers#forSms}: a number without + is read in the shop's {@link
 * PhoneRegions region}, looked up only then and once per request, so a change applies to the next
 * request), stamp with {@link OrderEvent#stampedFor} (shop id from the API key, schema version),
 * validate once. A refused or missing number stops the event; then what the shop sent is
 * validated (ignoring {@code shopId} and {@code schemaVersion}, which the server sets), so that
 * every bad field is still named. Every event of every source passes here, so that a shop's numbers
 * are read the same way whichever way they come in. The content rules of {@link EventContent} (no control characters, instants
 * in the configured window) come with the validation. Validating once matters: Bean Validation and the phone number's parsing
 * were most of order-ingest's CPU per event.
 */
@Component
public class EventReader {

  private static final Set<String> STAMPED_FIELDS = Set.of("shopId", "schemaVersion");

  private final Validator validator;
  private final IngestProperties properties;
  private final PhoneRegions regions;

  public EventReader(Validator validator, IngestProperties properties, PhoneRegions regions) {
    this.validator = validator;
    this.properties = properties;
    this.regions = regions;
  }

  public OrderEvent readOne(byte[] body, String shopId) {
    JsonNode tree = JsonBodies.readTree(body);
    List<FieldProblem> problems = new ArrayList<>();
    OrderEvent event = read(tree, "", new ShopOfRequest(shopId), problems);
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
    ShopOfRequest shop = new ShopOfRequest(shopId);
    for (int i = 0; i < events.size(); i++) {
      OrderEvent event = read(events.get(i), "events[" + i + "]", shop, problems);
      if (event != null) {
        read.add(event);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(describe(problems), problems);
    }
    return read;
  }

  private OrderEvent read(JsonNode node, String prefix, ShopOfRequest shop, List<FieldProblem> problems) {
    if (node == null || !node.isObject()) {
      problems.add(new FieldProblem(prefix.isEmpty() ? "$" : prefix, "must be an event object"));
      return null;
    }
    OrderEvent sent = JsonBodies.convert(node, OrderEvent.class, prefix, problems);
    if (sent == null) {
      return null;
    }
    return check(sent, prefix, shop, problems);
  }

  /**
   * An event built from another source (a platform's webhook) through the same reading of the
   * buyer's number, stamping and validation as a posted one: the stamped event, or null with its
   * problems added (named under {@code prefix}).
   */
  public OrderEvent check(OrderEvent sent, String prefix, String shopId, List<FieldProblem> problems) {
    return check(sent, prefix, new ShopOfRequest(shopId), problems);
  }

  private OrderEvent check(OrderEvent sent, String prefix, ShopOfRequest shop, List<FieldProblem> problems) {
    if (sent instanceof OrderCreated created && created.buyerPhone() != null && !created.buyerPhone().isBlank()) {
      String phone = created.buyerPhone();
      SmsNumber number = PhoneNumbers.forSms(phone, PhoneNumbers.isInternationalForm(phone) ? null : shop.region());
      if (number instanceof SmsNumber.Refused refused) {
        // the reason replaces the contract's "must be E.164", which a national number always breaks
        List<FieldProblem> sentProblems = new ArrayList<>(JsonBodies.problems(unstampedViolations(sent, "buyerPhone"), prefix));
        sentProblems.add(new FieldProblem(JsonBodies.join(prefix, "buyerPhone"), refused.reason()));
        sentProblems.sort(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message));
        problems.addAll(sentProblems);
        return null;
      }
      sent = created.withBuyerPhone(((SmsNumber.Mobile) number).e164());
    }
    OrderEvent stamped;
    try {
      stamped = sent.stampedFor(shop.id());
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

  /** What the shop sent, checked without the fields the server sets (and those named). */
  private Set<ConstraintViolation<OrderEvent>> unstampedViolations(OrderEvent sent, String... judgedElsewhere) {
    Set<String> skipped = new HashSet<>(STAMPED_FIELDS);
    skipped.addAll(List.of(judgedElsewhere));
    return validator.validate(sent).stream()
        .filter(v -> !skipped.contains(v.getPropertyPath().toString()))
        .collect(Collectors.toSet());
  }

  /** The shop of one request; its phone region is read at most once, and only when a number needs it. */
  private final class ShopOfRequest {
    private final String id;
    private Optional<String> region;

    ShopOfRequest(String id) {
      this.id = id;
    }

    String id() {
      return id;
    }

    String region() {
      if (region == null) {
        region = regions.of(id);
      }
      return region.orElse(null);
    }
  }

  private static String describe(List<FieldProblem> problems) {
    return problems.size() == 1
        ? "1 field is invalid: " + problems.get(0).field() + "."
        : "%d fields are invalid.".formatted(problems.size());
  }
}
