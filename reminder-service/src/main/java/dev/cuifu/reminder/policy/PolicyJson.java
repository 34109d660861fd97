package dev.cuifu.reminder.policy;

import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.reminder.web.FieldProblem;
import dev.cuifu.reminder.web.InvalidRequestException;
import dev.cuifu.web.UnreadableBody;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A policy to and from JSON with the contract's one mapping ({@link EventJson#mapper()}). A request
 * body is read field by field, so that every wrong, missing or unknown field is named at once
 * rather than only the first one Jackson trips over.
 */
public final class PolicyJson {

  private static final Pattern TIME_OF_DAY = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9](:00)?");

  private PolicyJson() {}

  static String write(ShopPolicy policy) {
    return EventJson.mapper().writeValueAsString(policy);
  }

  /**
   * A stored policy, laid over {@code base}: a field added to {@link ShopPolicy} after the policy
   * was stored takes its default rather than null.
   */
  static ShopPolicy readStored(String json, ShopPolicy base) {
    JsonNode merged = EventJson.mapper().valueToTree(base);
    merge((ObjectNode) merged, EventJson.mapper().readTree(json));
    return EventJson.mapper().treeToValue(merged, ShopPolicy.class);
  }

  private static void merge(ObjectNode target, JsonNode update) {
    for (Map.Entry<String, JsonNode> field : update.properties()) {
      JsonNode existing = target.get(field.getKey());
      if (existing != null && existing.isObject() && field.getValue().isObject()) {
        merge((ObjectNode) existing, field.getValue());
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
  }

  /** A request body as a JSON tree; malformed JSON is a 400 saying where it broke. */
  public static JsonNode readTree(byte[] body) {
    if (body == null || body.length == 0) {
      throw new InvalidRequestException("The request body is empty; send the whole policy.", List.of());
    }
    try {
      JsonNode tree = EventJson.mapper().readTree(body);
      if (tree == null || tree.isMissingNode()) {
        throw new InvalidRequestException("The request body is empty; send the whole policy.", List.of());
      }
      return tree;
    } catch (JacksonException e) {
      // where it broke (line, column) and why in words; Jackson's message would quote the body
      throw new InvalidRequestException(UnreadableBody.of(e).detail(), List.of());
    }
  }

  /**
   * The whole policy from a request body. Problems of form (wrong type, missing, unknown field)
   * go to {@code problems}; the parts that could not be read are null (or 0 / false).
   */
  public static ShopPolicy read(JsonNode tree, List<FieldProblem> problems) {
    Obj root =
        Obj.root(
            tree,
            Set.of(
                "sms", "chat", "phone", "minOrderAmountMinor", "defaultPaymentDeadline", "timeZone",
                "quietHours", "frequencyCap", "stockCheckUrl"),
            problems);
    if (root == null) {
      return null;
    }
    Obj sms = root.object("sms", Set.of("enabled", "delay", "from"));
    Obj chat = root.object("chat", Set.of("enabled", "delay", "webhookUrl", "transport", "whatsappFrom"));
    Obj phone =
        root.object(
            "phone", Set.of("enabled", "delay", "minAmountMinor", "returningBuyerMinPaidOrders", "onBuyerNote"));
    Obj quiet = root.object("quietHours", Set.of("start", "end"));
    Obj cap = root.object("frequencyCap", Set.of("maxMessages", "window"));
    return new ShopPolicy(
        sms == null ? null : new ShopPolicy.Sms(sms.bool("enabled"), sms.duration("delay"), sms.string("from")),
        chat == null
            ? null
            : new ShopPolicy.Chat(
                chat.bool("enabled"),
                chat.duration("delay"),
                chat.url("webhookUrl"),
                chat.chatTransport("transport"),
                chat.optionalString("whatsappFrom")),
        phone == null
            ? null
            : new ShopPolicy.Phone(
                phone.bool("enabled"),
                phone.duration("delay"),
                phone.wholeNumber("minAmountMinor"),
                (int) phone.intNumber("returningBuyerMinPaidOrders"),
                phone.bool("onBuyerNote")),
        root.wholeNumber("minOrderAmountMinor"),
        root.duration("defaultPaymentDeadline"),
        root.zone("timeZone"),
        quiet == null ? null : new ShopPolicy.QuietHours(quiet.time("start"), quiet.time("end")),
        cap == null ? null : new ShopPolicy.FrequencyCap((int) cap.intNumber("maxMessages"), cap.duration("window")),
        root.url("stockCheckUrl"));
  }

  /** One JSON object of the body, at {@code path}. */
  private record Obj(JsonNode node, String path, List<FieldProblem> problems) {

    static Obj root(JsonNode node, Set<String> known, List<FieldProblem> problems) {
      if (!node.isObject()) {
        problems.add(new FieldProblem("$", "must be a JSON object holding the whole policy"));
        return null;
      }
      return new Obj(node, "", problems).checkKnown(known);
    }

    Obj object(String name, Set<String> known) {
      JsonNode value = required(name);
      if (value == null) {
        return null;
      }
      if (!value.isObject()) {
        problem(name, "must be an object");
        return null;
      }
      return new Obj(value, field(name), problems).checkKnown(known);
    }

    boolean bool(String name) {
      JsonNode value = required(name);
      if (value != null && !value.isBoolean()) {
        problem(name, "must be true or false");
        return false;
      }
      return value != null && value.booleanValue();
    }

    long wholeNumber(String name) {
      JsonNode value = required(name);
      if (value != null && !(value.isIntegralNumber() && value.canConvertToLong())) {
        problem(name, "must be a whole number");
        return 0;
      }
      return value == null ? 0 : value.longValue();
    }

    long intNumber(String name) {
      JsonNode value = required(name);
      if (value != null && !(value.isIntegralNumber() && value.canConvertToInt())) {
        problem(name, "must be a whole number");
        return 0;
      }
      return value == null ? 0 : value.intValue();
    }

    String string(String name) {
      JsonNode value = required(name);
      if (value != null && !value.isString()) {
        problem(name, "must be a string");
        return null;
      }
      return value == null ? null : value.stringValue();
    }

    /** Optional: missing or null is null. */
    String optionalString(String name) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isString()) {
        problem(name, "must be a string");
        return null;
      }
      return value.stringValue().strip();
    }

    /** Optional (missing or null: WEBHOOK), any case. */
    ShopPolicy.ChatTransport chatTransport(String name) {
      String text = optionalString(name);
      if (text == null) {
        return null;
      }
      for (ShopPolicy.ChatTransport transport : ShopPolicy.ChatTransport.values()) {
        if (transport.name().equalsIgnoreCase(text)) {
          return transport;
        }
      }
      problem(name, "must be WEBHOOK or WHATSAPP");
      return null;
    }

    Duration duration(String name) {
      String text = typed(name, "must be an ISO-8601 duration such as PT30M");
      if (text == null) {
        return null;
      }
      try {
        return Duration.parse(text.strip());
      } catch (DateTimeParseException e) {
        problem(name, "must be an ISO-8601 duration such as PT30M");
        return null;
      }
    }

    ZoneId zone(String name) {
      String text = typed(name, "must be a time zone id such as Asia/Shanghai");
      if (text == null) {
        return null;
      }
      try {
        return ZoneId.of(text.strip());
      } catch (DateTimeException e) {
        problem(name, "must be a time zone id such as Asia/Shanghai");
        return null;
      }
    }

    LocalTime time(String name) {
      String text = typed(name, "must be a time of day HH:mm such as 21:00");
      if (text == null) {
        return null;
      }
      if (!TIME_OF_DAY.matcher(text.strip()).matches()) {
        problem(name, "must be a time of day HH:mm such as 21:00");
        return null;
      }
      return LocalTime.parse(text.strip());
    }

    /** Optional: missing or null is null. */
    URI url(String name) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        return null;
      }
      String message = "must be an absolute http(s) URL, e.g. https://shop.example/hook";
      if (!value.isString()) {
        problem(name, message);
        return null;
      }
      try {
        return new URI(value.stringValue().strip());
      } catch (URISyntaxException e) {
        problem(name, message);
        return null;
      }
    }

    private String typed(String name, String message) {
      JsonNode value = required(name);
      if (value == null) {
        return null;
      }
      if (!value.isString()) {
        problem(name, message);
        return null;
      }
      return value.stringValue();
    }

    private JsonNode required(String name) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        problem(name, "is required");
        return null;
      }
      return value;
    }

    private Obj checkKnown(Set<String> known) {
      for (String name : node.propertyNames()) {
        if (!known.contains(name)) {
          problem(name, "is not a known field");
        }
      }
      return this;
    }

    private void problem(String name, String message) {
      problems.add(new FieldProblem(field(name), message));
    }

    private String field(String name) {
      return path.isEmpty() ? name : path + "." + name;
    }
  }
}
