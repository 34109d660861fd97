package dev.cuifu.harness.fuzz;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns operations into cases and a case into the bytes of its request. The baseline of each
 * operation is built from its schema (examples first, then enums, defaults, formats and field
 * names), so its shape does not depend on chance; the seed picks the order of cases, which
 * variant of a mutation is sent and the ids in a body.
 */
final class CaseGenerator {

  /** A request ready to send, without its credential. */
  record Request(String method, String target, Map<String, String> headers, byte[] body) {}

  /**
   * Ids the baseline uses.
   *
   * @param ownShopId the fuzzer's shop (its key and agent are the valid credentials)
   * @param adminShopId the fuzzer's second shop, the one the operator's path variables name (its
   *     keys may be rotated and revoked: nothing else uses them)
   */
  record Fixtures(String ownShopId, String adminShopId) {}

  static final String RAW = "__FUZZ_RAW__";

  /** The sender the fuzzer's shops are created with (Twilio's test number). */
  static final String SENDER = "+15005550006";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int NESTING = 10_000;

  private final Fixtures fixtures;
  private final Instant now;

  CaseGenerator(Fixtures fixtures, Instant now) {
    this.fixtures = fixtures;
    this.now = now.truncatedTo(ChronoUnit.SECONDS);
  }

  // ---------------------------------------------------------------- cases

  /**
   * The budget spread over the operations (one with a body weighs twice one without; every
   * operation gets at least its three baselines), each operation's cases starting with one of each
   * applicable mutation, then cycling through every target; all cases shuffled together.
   */
  List<FuzzCase> cases(List<ApiOperation> operations, long seed, int budget) {
    Random random = new Random(seed);
    int[] quotas = quotas(operations, budget);
    List<FuzzCase> all = new ArrayList<>();
    for (int o = 0; o < operations.size(); o++) {
      ApiOperation operation = operations.get(o);
      int quota = quotas[o];
      List<Template> templates = ordered(templates(operation), random);
      for (int i = 0; i < quota; i++) {
        Template template;
        if (i < 3 || templates.isEmpty()) {
          template = new Template(Mutation.BASELINE, "");
        } else {
          int at = (i - 3) % templates.size();
          template = templates.get(at);
          if (template.mutation == Mutation.HUGE_BODY && i - 3 >= templates.size()) {
            template = new Template(Mutation.HUGE_STRING, template.target); // 10 MB once per operation
          }
        }
        all.add(new FuzzCase(operation, template.mutation, template.target, credential(operation, i), random.nextLong()));
      }
    }
    Collections.shuffle(all, random);
    return all;
  }

  /** Shares of the budget by weight, at least 3 each, summing to the budget (or 3 per operation if more). */
  static int[] quotas(List<ApiOperation> operations, int budget) {
    int n = operations.size();
    int[] quotas = new int[n];
    int free = Math.max(0, budget - 3 * n);
    int totalWeight = operations.stream().mapToInt(CaseGenerator::weight).sum();
    int given = 0;
    for (int i = 0; i < n; i++) {
      quotas[i] = 3 + (int) ((long) free * weight(operations.get(i)) / Math.max(1, totalWeight));
      given += quotas[i] - 3;
    }
    for (int i = 0; given < free && n > 0; i = (i + 1) % n, given++) {
      quotas[i]++;
    }
    return quotas;
  }

  private static int weight(ApiOperation operation) {
    return operation.hasJsonBody() ? 2 : 1;
  }

  private static Credential credential(ApiOperation operation, int i) {
    return switch (operation.auth()) {
      case NONE -> Credential.NONE;
      case TWILIO -> i % 2 == 0 ? Credential.NONE : Credential.WRONG;
      default -> i < 3 ? Credential.values()[i] : switch (i % 4) {
        case 2 -> Credential.NONE;
        case 3 -> Credential.WRONG;
        default -> Credential.VALID;
      };
    };
  }

  private record Template(Mutation mutation, String target) {}

  /** One template of each mutation first (in seeded order), then the rest shuffled. */
  private static List<Template> ordered(List<Template> templates, Random random) {
    List<Template> shuffled = new ArrayList<>(templates);
    Collections.shuffle(shuffled, random);
    List<Template> first = new ArrayList<>();
    List<Template> rest = new ArrayList<>();
    List<Mutation> seen = new ArrayList<>();
    for (Template t : shuffled) {
      if (seen.contains(t.mutation)) {
        rest.add(t);
      } else {
        seen.add(t.mutation);
        first.add(t);
      }
    }
    first.addAll(rest);
    return first;
  }

  /** Every (mutation, target) that applies to the operation. */
  List<Template> templates(ApiOperation operation) {
    List<Template> templates = new ArrayList<>();
    for (ApiOperation.Param param : operation.parameters()) {
      if ("path".equals(param.in())) {
        templates.add(new Template(Mutation.BAD_PATH, param.name()));
      } else if ("query".equals(param.in())) {
        templates.add(new Template(Mutation.BAD_QUERY, param.name()));
      }
    }
    templates.add(new Template(Mutation.UNKNOWN_QUERY, ""));
    templates.add(new Template(Mutation.BAD_METHOD, ""));
    if (operation.hasJsonBody()) {
      JsonNode baseline = baselineBody(operation, new Random(0));
      List<String> fields = new ArrayList<>();
      List<String> objects = new ArrayList<>();
      walk(baseline, "", fields, objects);
      for (String field : fields) {
        JsonNode value = baseline.at(field);
        for (Mutation m : List.of(Mutation.WRONG_TYPE, Mutation.NULL, Mutation.MISSING, Mutation.CONTROL_CHARS,
            Mutation.UNPAIRED_SURROGATE, Mutation.DEEP_NESTING)) {
          templates.add(new Template(m, field));
        }
        if (value.isString()) {
          templates.add(new Template(Mutation.HUGE_STRING, field));
        }
        if (value.isNumber() || value.isBoolean()) {
          templates.add(new Template(Mutation.EXTREME_NUMBER, field));
        }
        if (value.isString() && looksTemporal(field, value.asString())) {
          templates.add(new Template(Mutation.EXTREME_INSTANT, field));
        }
      }
      for (String object : objects) {
        templates.add(new Template(Mutation.UNKNOWN_FIELD, object));
      }
      for (Mutation m : List.of(Mutation.HUGE_BODY, Mutation.INVALID_UTF8, Mutation.MALFORMED_JSON, Mutation.WRONG_ROOT,
          Mutation.EMPTY_BODY, Mutation.WRONG_CONTENT_TYPE, Mutation.MISSING_CONTENT_TYPE)) {
        templates.add(new Template(m, ""));
      }
      templates.add(new Template(Mutation.DEEP_NESTING, ""));
    } else if (!"GET".equals(operation.method())) {
      templates.add(new Template(Mutation.UNEXPECTED_BODY, ""));
      if (operation.auth() == ApiOperation.Auth.TWILIO) {
        for (Mutation m : List.of(Mutation.HUGE_BODY, Mutation.INVALID_UTF8, Mutation.WRONG_CONTENT_TYPE,
            Mutation.MISSING_CONTENT_TYPE, Mutation.EMPTY_BODY, Mutation.CONTROL_CHARS)) {
          templates.add(new Template(m, ""));
        }
      }
    }
    return templates;
  }

  private static void walk(JsonNode node, String pointer, List<String> fields, List<String> objects) {
    if (node.isObject()) {
      objects.add(pointer);
      for (var entry : node.properties()) {
        String child = pointer + "/" + entry.getKey().replace("~", "~0").replace("/", "~1");
        fields.add(child);
        walk(entry.getValue(), child, fields, objects);
      }
    } else if (node.isArray() && !node.isEmpty()) {
      fields.add(pointer + "/0");
      walk(node.get(0), pointer + "/0", fields, objects);
    }
  }

  private static boolean looksTemporal(String field, String value) {
    String name = field.toLowerCase(Locale.ROOT);
    return value.matches("^-?P.*|^[+-]?\\d{4,}-\\d\\d-\\d\\d.*|^\\d\\d:\\d\\d$")
        || name.endsWith("at") || name.contains("deadline") || name.contains("delay") || name.contains("window");
  }

  // ---------------------------------------------------------------- requests

  /** The bytes of the case's request, the same for the same case. */
  Request materialise(FuzzCase c) {
    Random random = new Random(c.seed());
    ApiOperation op = c.operation();
    Map<String, String> path = new LinkedHashMap<>();
    Map<String, String> query = new LinkedHashMap<>();
    for (ApiOperation.Param param : op.parameters()) {
      String value = encode(paramValue(op, param, random));
      if ("path".equals(param.in())) {
        path.put(param.name(), value);
      } else if ("query".equals(param.in())) {
        query.put(param.name(), value);
      }
    }
    String method = op.method();
    Map<String, String> headers = new LinkedHashMap<>();
    byte[] body = null;
    String extraQuery = "";
    switch (c.mutation()) {
      case BAD_PATH -> path.put(c.target(), pick(random, badPathValues()));
      case BAD_QUERY -> query.put(c.target(), RAW + pick(random, badQueryValues(c.target())));
      case UNKNOWN_QUERY -> extraQuery = pick(random, List.of("fuzz=1", "%00=1", "=1", "&&&", "a=%ZZ", "fuzz[]=1&fuzz[x]=2",
          "fuzz=" + "q".repeat(5000)));
      case BAD_METHOD -> method = pick(random, List.of("PATCH", "TRACE", "FUZZ", "PUT", "DELETE", "POST"));
      default -> {}
    }
    if (op.hasJsonBody()) {
      headers.put("Content-Type", "application/json");
      body = jsonBody(op, c, random, headers);
    } else if (op.auth() == ApiOperation.Auth.TWILIO && !"GET".equals(method)) {
      headers.put("Content-Type", "application/x-www-form-urlencoded");
      body = formBody(c, random, headers);
    } else if (c.mutation() == Mutation.UNEXPECTED_BODY) {
      headers.put("Content-Type", pick(random, List.of("application/json", "text/plain", "application/octet-stream")));
      body = pick(random, List.of("{\"fuzz\":true}", "[[[[", "\u0000\u0001", "x".repeat(70_000))).getBytes(StandardCharsets.UTF_8);
    } else if (!"GET".equals(method) && !"OPTIONS".equals(method) && !"TRACE".equals(method)) {
      body = new byte[0];
    }
    if (op.auth() == ApiOperation.Auth.AGENT) {
      headers.put("X-Requested-With", "cuifu-fuzzer");
    }
    StringBuilder target = new StringBuilder();
    String template = op.path();
    int at = 0;
    while (at < template.length()) {
      int open = template.indexOf('{', at);
      if (open < 0) {
        target.append(template, at, template.length());
        break;
      }
      int close = template.indexOf('}', open);
      target.append(template, at, open).append(path.getOrDefault(template.substring(open + 1, close), "x"));
      at = close + 1;
    }
    List<String> pairs = new ArrayList<>();
    query.forEach((name, value) -> pairs.add(value.startsWith(RAW) ? value.substring(RAW.length()).replace("{p}", name) : name + "=" + value));
    if (!extraQuery.isEmpty()) {
      pairs.add(extraQuery);
    }
    if (!pairs.isEmpty()) {
      target.append('?').append(String.join("&", pairs));
    }
    return new Request(method, target.toString(), headers, body);
  }

  private byte[] jsonBody(ApiOperation op, FuzzCase c, Random random, Map<String, String> headers) {
    JsonNode baseline = baselineBody(op, random);
    String target = c.target();
    List<String> raw = new ArrayList<>(); // texts spliced in where a RAW marker string stands
    switch (c.mutation()) {
      case WRONG_TYPE -> set(baseline, target, wrongType(baseline.at(target), random));
      case NULL -> set(baseline, target, NODES.nullNode());
      case MISSING -> remove(baseline, target);
      case UNKNOWN_FIELD -> {
        JsonNode object = target.isEmpty() ? baseline : baseline.at(target);
        if (object instanceof ObjectNode o) {
          String misspelt = o.propertyNames().isEmpty() ? "fuzz" : o.propertyNames().iterator().next() + "x";
          o.put(pick(random, List.of("fuzzUnknown", misspelt, "__proto__", "", "\u0000", "constructor")), 1);
        }
      }
      case HUGE_STRING -> set(baseline, target, NODES.stringNode(huge(random, 1 << 20)));
      case HUGE_BODY -> {
        List<String> strings = new ArrayList<>();
        walk(baseline, "", strings, new ArrayList<>());
        String field = strings.stream().filter(f -> baseline.at(f).isString()).findFirst().orElse(null);
        if (field == null && baseline instanceof ObjectNode o) {
          o.put("fuzz", huge(random, 10 << 20));
        } else if (field != null) {
          set(baseline, field, NODES.stringNode(huge(random, 10 << 20)));
        }
      }
      case CONTROL_CHARS -> {
        if (random.nextInt(4) == 0) {
          raw.add("\"a" + (char) (1 + random.nextInt(31)) + "b\""); // unescaped, as JSON forbids
          set(baseline, target, NODES.stringNode(RAW));
        } else {
          set(baseline, target, NODES.stringNode(pick(random, List.of("\u0000", "a\u0000b", "\u0007\u001b[31mred",
              "\r\nX-Injected: 1", "\u202eevil", "\ufeff", "\u0085next", "\t\u000b\f", "\u007f\u009f"))));
        }
      }
      case UNPAIRED_SURROGATE -> {
        raw.add(pick(random, List.of("\"\\ud800\"", "\"x\\udc00\"", "\"\\ud83d\"", "\"\\udfff\\ud800\"", "\"\\ud800abc\"")));
        set(baseline, target, NODES.stringNode(RAW));
      }
      case DEEP_NESTING -> {
        raw.add(deep(random));
        if (target.isEmpty()) {
          return deep(random).getBytes(StandardCharsets.UTF_8);
        }
        set(baseline, target, NODES.stringNode(RAW));
      }
      case EXTREME_NUMBER -> {
        raw.add(pick(random, List.of("1e308", "-1", "9223372036854775808", "-9223372036854775809", "1e400", "-0",
            "1e-400", "NaN", "Infinity", "\"NaN\"", "2147483648", "99999999999999999999999999999999999999", "1.5",
            "0x10", "1_000", "-1e308", "4.9e-324")));
        set(baseline, target, NODES.stringNode(RAW));
      }
      case EXTREME_INSTANT -> {
        raw.add(pick(random, List.of("\"0000-01-01T00:00:00Z\"", "\"-0001-01-01T00:00:00Z\"", "\"+10000-01-01T00:00:00Z\"",
            "\"+999999999-12-31T23:59:59Z\"", "\"-999999999-01-01T00:00:00Z\"", "\"1970-01-01T00:00:00Z\"",
            "\"2026-02-30T00:00:00Z\"", "\"2026-12-07T25:00:00Z\"", "\"2026-12-07T00:00:00+25:00\"", "\"P99999999999D\"",
            "\"PT-1S\"", "\"P1000000000Y\"", "\"-PT1S\"", "\"PT0S\"", "\"PT9223372036854775807S\"", "\"2026-13-01\"",
            "\"9999-12-31\"", "\"24:00\"", "\"99:99\"", "1e20", "-62167219200", "\"\"")));
        set(baseline, target, NODES.stringNode(RAW));
      }
      case WRONG_ROOT -> {
        return pick(random, List.of("[]", "\"x\"", "42", "null", "[{}]", "true")).getBytes(StandardCharsets.UTF_8);
      }
      case EMPTY_BODY -> {
        return new byte[0];
      }
      case WRONG_CONTENT_TYPE -> headers.put("Content-Type", pick(random, List.of("text/plain", "application/xml",
          "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=nonsense",
          "*/*", "application/merge-patch+json", "application/json;;;=", "text/html; charset=UTF-16", "fuzz")));
      case MISSING_CONTENT_TYPE -> headers.remove("Content-Type");
      default -> {}
    }
    String text = JSON.writeValueAsString(baseline);
    if (c.mutation() == Mutation.MALFORMED_JSON) {
      return malformed(text, random).getBytes(StandardCharsets.UTF_8);
    }
    if (c.mutation() == Mutation.INVALID_UTF8) {
      return invalidUtf8(text, random);
    }
    for (String r : raw) {
      text = text.replaceFirst("\"" + RAW + "\"", java.util.regex.Matcher.quoteReplacement(r));
    }
    // a raw control character is not valid Java-string-to-UTF-8 trouble: it is one byte
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] formBody(FuzzCase c, Random random, Map<String, String> headers) {
    String form = "MessageSid=SM" + hex(random, 16) + "&MessageStatus=delivered&AccountSid=AC" + hex(random, 16)
        + "&From=%2B8613800138000&To=%2B15005550006&Body=STOP";
    return switch (c.mutation()) {
      case HUGE_BODY -> (form + "&Body=" + "x".repeat(10 << 20)).getBytes(StandardCharsets.UTF_8);
      case INVALID_UTF8 -> concat(form.getBytes(StandardCharsets.UTF_8), new byte[] {'&', 'B', '=', (byte) 0xC3, 0x28, (byte) 0xFF});
      case WRONG_CONTENT_TYPE -> {
        headers.put("Content-Type", "application/json");
        yield "{\"MessageSid\":1}".getBytes(StandardCharsets.UTF_8);
      }
      case MISSING_CONTENT_TYPE -> {
        headers.remove("Content-Type");
        yield form.getBytes(StandardCharsets.UTF_8);
      }
      case EMPTY_BODY -> new byte[0];
      case CONTROL_CHARS -> (form + "&Body=%00%01%1b&%ZZ=%").getBytes(StandardCharsets.UTF_8);
      default -> form.getBytes(StandardCharsets.UTF_8);
    };
  }

  private static String malformed(String text, Random random) {
    return switch (random.nextInt(9)) {
      case 0 -> text.substring(0, Math.max(1, random.nextInt(Math.max(1, text.length()))));
      case 1 -> text + "}}";
      case 2 -> text.replace('"', '\'');
      case 3 -> "/* c */" + text;
      case 4 -> text.startsWith("{\"") ? "{" + text.substring(1, text.indexOf(':') + 1) + "1," + text.substring(1) : text + ",";
      case 5 -> text.endsWith("}") ? text.substring(0, text.length() - 1) + ",}" : text + ",";
      case 6 -> "{";
      case 7 -> text + "\u0000";
      default -> text.replace(":", "=");
    };
  }

  private static byte[] invalidUtf8(String text, Random random) {
    byte[] bad = pick(random, List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF, (byte) 0xFE},
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF},
        new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0x80}));
    int quote = text.indexOf("\":\"");
    int at = quote < 0 ? text.length() / 2 : quote + 3;
    byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
    byte[] tail = text.substring(at).getBytes(StandardCharsets.UTF_8);
    return concat(concat(head, bad), tail);
  }

  private static String deep(Random random) {
    return switch (random.nextInt(3)) {
      case 0 -> "[".repeat(NESTING) + "]".repeat(NESTING);
      case 1 -> "{\"a\":".repeat(NESTING) + "1" + "}".repeat(NESTING);
      default -> "[".repeat(NESTING); // never closed
    };
  }

  private static String huge(Random random, int chars) {
    return switch (random.nextInt(3)) {
      case 0 -> "x".repeat(chars);
      case 1 -> "催".repeat(chars / 3);
      default -> "+8613800138000 ".repeat(chars / 15);
    };
  }

  private static JsonNode wrongType(JsonNode value, Random random) {
    if (value.isString()) {
      return pick(random, List.<JsonNode>of(NODES.numberNode(123), NODES.booleanNode(true), NODES.objectNode(), NODES.arrayNode()));
    }
    if (value.isNumber()) {
      return pick(random, List.<JsonNode>of(NODES.stringNode("12"), NODES.booleanNode(false), NODES.arrayNode(), NODES.stringNode("")));
    }
    if (value.isBoolean()) {
      return pick(random, List.<JsonNode>of(NODES.stringNode("true"), NODES.numberNode(1), NODES.stringNode("yes")));
    }
    if (value.isArray()) {
      return pick(random, List.<JsonNode>of(NODES.objectNode(), NODES.stringNode("x"), NODES.numberNode(1)));
    }
    return pick(random, List.<JsonNode>of(NODES.stringNode("x"), NODES.arrayNode(), NODES.numberNode(1), NODES.booleanNode(true)));
  }

  private static void set(JsonNode root, String pointer, JsonNode value) {
    if (pointer.isEmpty()) {
      return;
    }
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, slash));
    String name = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
    if (parent instanceof ObjectNode o) {
      o.set(name, value);
    } else if (parent instanceof ArrayNode a && !a.isEmpty()) {
      a.set(0, value);
    }
  }

  private static void remove(JsonNode root, String pointer) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, slash));
    String name = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
    if (parent instanceof ObjectNode o) {
      o.remove(name);
    } else if (parent instanceof ArrayNode a && !a.isEmpty()) {
      a.remove(0);
    }
  }

  // ---------------------------------------------------------------- baseline values

  /** The operation's valid-looking body: its example with fresh ids and times, or built from its schema. */
  JsonNode baselineBody(ApiOperation op, Random random) {
    JsonNode body = op.bodyExample() != null && !op.bodyExample().isMissingNode()
        ? op.bodyExample().deepCopy()
        : value(op, "", op.body(), random, 0);
    refresh(op, body, "", random);
    return body;
  }

  /** Ids unique per case, times around now, and every channel of the fuzzer's policy off. */
  private void refresh(ApiOperation op, JsonNode node, String name, Random random) {
    if (node instanceof ObjectNode o) {
      for (String field : new ArrayList<>(o.propertyNames())) {
        JsonNode child = o.get(field);
        if (child.isString() || child.isBoolean()) {
          JsonNode fresh = fixed(op, field, child, random);
          if (fresh != null) {
            o.set(field, fresh);
          }
        } else {
          refresh(op, child, field, random);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (JsonNode child : a) {
        refresh(op, child, name, random);
      }
    }
  }

  private JsonNode fixed(ApiOperation op, String field, JsonNode current, Random random) {
    return switch (field) {
      case "eventId", "orderId" -> NODES.stringNode("fuzz-" + hex(random, 6));
      case "shopId" -> NODES.stringNode("/admin/v1/shops".equals(op.path()) ? "fuzz-" + hex(random, 8) : fixtures.ownShopId());
      case "occurredAt", "paidAt" -> NODES.stringNode(now.minusSeconds(60).toString());
      case "paymentDeadline" -> NODES.stringNode(now.plus(Duration.ofDays(3)).toString());
      case "callBackAt" -> NODES.stringNode(now.plus(Duration.ofHours(2)).toString());
      case "username" -> NODES.stringNode("fuzz-" + hex(random, 6));
      case "enabled" -> NODES.booleanNode(false); // the fuzzer's orders must not send anything
      case "from", "smsFrom" -> current.isString() ? NODES.stringNode(SENDER) : null;
      case "whatsappFrom", "webhookUrl", "stockCheckUrl" -> NODES.nullNode();
      default -> null;
    };
  }

  private JsonNode value(ApiOperation op, String name, JsonNode schema, Random random, int depth) {
    schema = resolve(op, schema);
    if (depth > 8 || schema == null || schema.isMissingNode()) {
      return NODES.stringNode("fuzz");
    }
    if (schema.has("example")) {
      return schema.get("example").deepCopy();
    }
    for (String choice : List.of("oneOf", "anyOf", "allOf")) {
      if (schema.path(choice).isArray() && !schema.path(choice).isEmpty()) {
        JsonNode alternative = schema.path(choice).get(0);
        JsonNode value = value(op, name, alternative, random, depth + 1);
        String ref = alternative.path("$ref").asString("");
        if (value instanceof ObjectNode object && !object.has("type") && !ref.isEmpty()) {
          // the services' event unions are told apart by "type", the schema's name
          ObjectNode typed = NODES.objectNode();
          typed.put("type", ref.substring(ref.lastIndexOf('/') + 1));
          typed.setAll(object);
          return typed;
        }
        return value;
      }
    }
    if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
      JsonNode first = schema.path("enum").get(0);
      if (first.isString() && "integer".equals(type(schema)) && first.asString().matches("-?\\d{1,18}")) {
        return NODES.numberNode(Long.parseLong(first.asString())); // springdoc writes an int enum as strings
      }
      return first.deepCopy();
    }
    if (schema.has("default")) {
      return schema.get("default").deepCopy();
    }
    String type = type(schema);
    switch (type) {
      case "object" -> {
        ObjectNode object = NODES.objectNode();
        for (var property : schema.path("properties").properties()) {
          object.set(property.getKey(), value(op, property.getKey(), property.getValue(), random, depth + 1));
        }
        return object;
      }
      case "array" -> {
        ArrayNode array = NODES.arrayNode();
        array.add(value(op, name, schema.path("items"), random, depth + 1));
        return array;
      }
      case "integer" -> {
        return NODES.numberNode(Math.max(1, schema.path("minimum").asLong(1)));
      }
      case "number" -> {
        return NODES.numberNode(Math.max(0.5, schema.path("minimum").asDouble(0.5)));
      }
      case "boolean" -> {
        return NODES.booleanNode(true);
      }
      default -> {
        return NODES.stringNode(string(name, schema.path("format").asString(""), random));
      }
    }
  }

  private String string(String name, String format, Random random) {
    String lower = name.toLowerCase(Locale.ROOT);
    return switch (format) {
      case "date-time" -> now.plus(Duration.ofHours(1)).toString();
      case "date" -> LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
      case "duration" -> "PT1H";
      case "uri" -> "https://example.com/fuzz";
      default -> {
        if (lower.contains("phone")) {
          yield "+8613800138000";
        } else if (lower.equals("currency")) {
          yield "CNY";
        } else if (lower.contains("zone")) {
          yield "Asia/Shanghai";
        } else if (lower.contains("url") || lower.contains("link")) {
          yield "https://example.com/fuzz";
        } else if (lower.contains("password")) {
          yield "fuzz-password-" + hex(random, 4);
        } else if (lower.equals("from") || lower.equals("to")) {
          yield LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        }
        yield "fuzz-" + hex(random, 4);
      }
    };
  }

  private String paramValue(ApiOperation op, ApiOperation.Param param, Random random) {
    JsonNode schema = resolve(op, param.schema());
    return switch (param.name()) {
      case "shopId" -> fixtures.adminShopId();
      case "keyId" -> hex(random, 6);
      case "orderId" -> "fuzz-" + hex(random, 6);
      case "username" -> "fuzz-nobody-" + hex(random, 4);
      case "armId" -> "a";
      case "channel" -> schema.path("enum").isArray() && !schema.path("enum").isEmpty() ? schema.path("enum").get(0).asString() : "SMS";
      case "phone" -> "+8613800138000";
      case "limit" -> "10";
      case "from" -> LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(6).toString();
      case "to" -> LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
      default -> {
        JsonNode value = value(op, param.name(), schema, random, 0);
        if (value.isIntegralNumber()) {
          yield Long.toString(1 + random.nextInt(50));
        }
        yield value.isString() ? value.asString() : value.toString();
      }
    };
  }

  private static String type(JsonNode schema) {
    JsonNode type = schema.path("type");
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (!"null".equals(t.asString())) {
          return t.asString();
        }
      }
    }
    if (type.isString()) {
      return type.asString();
    }
    return schema.has("properties") ? "object" : "string";
  }

  private static JsonNode resolve(ApiOperation op, JsonNode schema) {
    for (int i = 0; schema != null && schema.has("$ref") && i < 10; i++) {
      String ref = schema.path("$ref").asString();
      schema = op.components().path(ref.substring(ref.lastIndexOf('/') + 1));
    }
    return schema;
  }

  // ---------------------------------------------------------------- pools

  private static List<String> badPathValues() {
    return List.of("%2F", "a%2Fb", "..", "%2E%2E", "%2e%2e%2f%2e%2e", "%00", "a%00b", "%ZZ", "%", "a".repeat(5000),
        "%C3%28", "%FF", "\u00ff", "a b", "-1", "0", "9223372036854775808", "1e3", "1.5", "%20", ";x=1", "a;b",
        "%0d%0aX-Injected:%201", "%u0041", "%F0%9F%98%80", "%ED%A0%80", "~", "%5C..%5C", "NaN", "null", "*");
  }

  private static List<String> badQueryValues(String name) {
    return List.of("{p}=%00", "{p}=%ZZ", "{p}=", "{p}=abc", "{p}=-1", "{p}=0", "{p}=9223372036854775808", "{p}=1e308",
        "{p}=NaN", "{p}=" + "9".repeat(5000), "{p}=" + "x".repeat(20_000), "{p}=1&{p}=2", "{p}=%C3%28",
        "{p}=%2B999999999-12-31", "{p}=0000-01-01", "{p}=2026-02-30", "{p}[]=1", "{p}=%0d%0a", "{p}", "{p}=true&{p}",
        "{p}=-999999999-01-01", "{p}=1970-01-01", "{p}=%E5%82%AC");
  }

  // ---------------------------------------------------------------- helpers

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  static String hex(Random random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }
}
