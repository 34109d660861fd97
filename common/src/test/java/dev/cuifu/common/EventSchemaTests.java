package dev.cuifu.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.cuifu.common.event.ExperimentEvent;
import dev.cuifu.common.event.IsoCurrency;
import dev.cuifu.common.event.Money;
import dev.cuifu.common.event.OrderClosed;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.event.OrderPaid;
import dev.cuifu.common.event.PhoneTaskClaimed;
import dev.cuifu.common.event.PhoneTaskClosed;
import dev.cuifu.common.event.PhoneTaskCompleted;
import dev.cuifu.common.event.PhoneTaskCreated;
import dev.cuifu.common.event.PhoneTaskEvent;
import dev.cuifu.common.event.PhoneTaskReleased;
import dev.cuifu.common.event.ShopUpdated;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.common.phone.ValidPhoneNumber;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON Schemas under {@code contract/schemas/} describe exactly what the records say and what
 * {@link EventJson} writes: checked against the records reflectively, and by validating real
 * serialized events with a JSON Schema (draft 2020-12) validator.
 */
class EventSchemaTests {

  static final String SCHEMAS = "contract/schemas/";
  static final String E164 = "^\\+[1-9][0-9]{6,14}$";
  static final String CURRENCY = "^[A-Z]{3}$";

  private static final JsonMapper MAPPER = EventJson.mapper();

  /** Formats are asserted (in 2020-12 they are annotations by default); $refs resolve on the classpath. */
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder ->
              builder.schemaRegistryConfig(
                  SchemaRegistryConfig.builder()
                      .formatAssertionsEnabled(true)
                      .pathType(PathType.JSON_POINTER)
                      .build()));

  static Stream<Class<? extends Record>> contractRecords() {
    return Stream.of(
        OrderCreated.class, OrderPaid.class, OrderClosed.class, ShopUpdated.class, Money.class,
        PhoneTaskCreated.class, PhoneTaskClaimed.class, PhoneTaskReleased.class, PhoneTaskCompleted.class,
        PhoneTaskClosed.class, ExperimentEvent.class);
  }

  static JsonNode schemaJson(Class<?> type) {
    try (InputStream in = EventSchemaTests.class.getClassLoader()
        .getResourceAsStream(SCHEMAS + type.getSimpleName() + ".schema.json")) {
      assertThat(in).as("schema file for %s", type.getSimpleName()).isNotNull();
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Schema schema(Class<?> type) {
    return REGISTRY.getSchema(SchemaLocation.of("classpath:" + SCHEMAS + type.getSimpleName() + ".schema.json"));
  }

  /** Order and phone-task events carry their type in the body. */
  static boolean isOrderEvent(Class<?> type) {
    return OrderEvent.class.isAssignableFrom(type) || PhoneTaskEvent.class.isAssignableFrom(type);
  }

  static Field field(RecordComponent component) {
    try {
      return component.getDeclaringRecord().getDeclaredField(component.getName());
    } catch (NoSuchFieldException e) {
      throw new AssertionError(e);
    }
  }

  static boolean isRequired(RecordComponent component) {
    Field field = field(component);
    return field.isAnnotationPresent(NotNull.class) || field.isAnnotationPresent(NotBlank.class);
  }

  static Set<String> names(JsonNode node) {
    Set<String> names = new LinkedHashSet<>();
    node.propertyNames().forEach(names::add);
    return names;
  }

  static Set<String> strings(JsonNode array) {
    Set<String> values = new LinkedHashSet<>();
    array.forEach(v -> values.add(v.asString()));
    return values;
  }

  static Set<String> types(JsonNode property) {
    JsonNode type = property.get("type");
    if (type == null) {
      return Set.of();
    }
    return type.isArray() ? strings(type) : Set.of(type.asString());
  }

  // ---------------------------------------------------------------------------------------------
  // the schemas say what the records say

  @ParameterizedTest(name = "{0}")
  @MethodSource("contractRecords")
  @DisplayName("rule: a schema's properties are exactly the record's components (+ type for order events)")
  void propertiesEqualRecordComponents(Class<? extends Record> type) {
    Set<String> expected = Arrays.stream(type.getRecordComponents())
        .map(RecordComponent::getName)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    if (isOrderEvent(type)) {
      expected.add("type");
    }

    assertThat(names(schemaJson(type).get("properties"))).containsExactlyInAnyOrderElementsOf(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contractRecords")
  @DisplayName("rule: required equals the components annotated @NotNull/@NotBlank (+ type for order events)")
  void requiredEqualsNotNullAndNotBlankComponents(Class<? extends Record> type) {
    Set<String> expected = Arrays.stream(type.getRecordComponents())
        .filter(EventSchemaTests::isRequired)
        .map(RecordComponent::getName)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    if (isOrderEvent(type)) {
      expected.add("type");
    }

    assertThat(strings(schemaJson(type).get("required"))).containsExactlyInAnyOrderElementsOf(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contractRecords")
  @DisplayName("rule: maxLength equals @Size(max) and exists only where the record has @Size")
  void maxLengthEqualsSizeMax(Class<? extends Record> type) {
    JsonNode properties = schemaJson(type).get("properties");
    for (RecordComponent component : type.getRecordComponents()) {
      Size size = field(component).getAnnotation(Size.class);
      JsonNode maxLength = properties.get(component.getName()).get("maxLength");
      if (size == null) {
        assertThat(maxLength).as("%s.%s has no @Size", type.getSimpleName(), component.getName()).isNull();
      } else {
        assertThat(maxLength).as("%s.%s maxLength", type.getSimpleName(), component.getName()).isNotNull();
        assertThat(maxLength.asInt()).as("%s.%s maxLength", type.getSimpleName(), component.getName())
            .isEqualTo(size.max());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contractRecords")
  @DisplayName("rule: every property has a description and a JSON type matching the component's Java type")
  void propertyTypesAndFormatsMatchJavaTypes(Class<? extends Record> type) {
    JsonNode properties = schemaJson(type).get("properties");
    for (RecordComponent component : type.getRecordComponents()) {
      String where = type.getSimpleName() + "." + component.getName();
      JsonNode property = properties.get(component.getName());
      Class<?> javaType = component.getType();
      assertThat(property.path("description").asString("")).as("%s description", where).isNotBlank();

      if (javaType == Money.class) {
        assertThat(property.path("$ref").asString()).as("%s refers to Money", where).isEqualTo("Money.schema.json");
        continue;
      }
      Set<String> types = types(property);
      // EventJson writes absent optional values as null, so optional properties must admit null
      boolean nullable = !isRequired(component) && !javaType.isPrimitive();
      if (nullable || javaType == boolean.class) {
        assertThat(types).as("%s admits null", where).contains("null");
      } else {
        assertThat(types).as("%s is not nullable", where).doesNotContain("null");
      }
      String expectedType = javaType == String.class || javaType == Instant.class
              || javaType == Duration.class || ZoneId.class.isAssignableFrom(javaType) ? "string"
          : javaType == Integer.class || javaType == Long.class ? "integer"
          : javaType == boolean.class ? "boolean"
          : javaType == List.class ? "array"
          : "unmapped " + javaType;
      assertThat(types).as("%s type", where).contains(expectedType);

      String format = property.path("format").asString(null);
      if (javaType == Instant.class) {
        assertThat(format).as("%s format", where).isEqualTo("date-time");
      } else if (javaType == Duration.class) {
        assertThat(format).as("%s format", where).isEqualTo("duration");
      } else {
        assertThat(format).as("%s format", where).isNull();
      }
      if (field(component).isAnnotationPresent(NotBlank.class) && !property.has("pattern")) {
        assertThat(property.path("minLength").asInt()).as("%s is @NotBlank", where).isEqualTo(1);
      }
      if (field(component).isAnnotationPresent(ValidPhoneNumber.class)) {
        assertThat(property.path("pattern").asString()).as("%s is a phone number", where).isEqualTo(E164);
      }
      if (field(component).isAnnotationPresent(IsoCurrency.class)) {
        assertThat(property.path("pattern").asString()).as("%s is a currency", where).isEqualTo(CURRENCY);
      }
      if (field(component).isAnnotationPresent(PositiveOrZero.class)) {
        assertThat(property.path("minimum").asInt(-1)).as("%s is @PositiveOrZero", where).isZero();
      }
      if (field(component).isAnnotationPresent(Positive.class)) {
        assertThat(property.path("minimum").asInt(-1)).as("%s is @Positive", where).isEqualTo(1);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contractRecords")
  @DisplayName("rule: every schema is draft 2020-12, an object; what shops send is closed, the rest open (documented)")
  void schemasAreOpenForForwardCompatibility(Class<? extends Record> type) {
    JsonNode schema = schemaJson(type);

    assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.path("type").asString()).isEqualTo("object");
    assertThat(schema.path("title").asString()).isEqualTo(type.getSimpleName());
    assertThat(schema.get("additionalProperties").isBoolean()).isTrue();
    boolean sentByShops = OrderEvent.class.isAssignableFrom(type) || type == Money.class;
    assertThat(schema.get("additionalProperties").asBoolean()).as("open").isEqualTo(!sentByShops);
    assertThat(schema.path("description").asString()).contains("ignore properties they do not know");
    if (sentByShops && type != Money.class) {
      assertThat(schema.path("description").asString()).contains("refuses a shop's event with a property");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventTypes")
  @DisplayName("rule: every OrderEvent and PhoneTaskEvent subtype has a schema whose type const is its Jackson type name")
  void typeConstEqualsJacksonTypeName(Class<?> eventType) {
    JsonSubTypes subTypes = eventType.getAnnotation(JsonSubTypes.class);
    assertThat(Arrays.stream(subTypes.value()).map(JsonSubTypes.Type::value))
        .containsExactlyInAnyOrder(eventType.getPermittedSubclasses());
    for (JsonSubTypes.Type subType : subTypes.value()) {
      JsonNode typeProperty = schemaJson(subType.value()).get("properties").get("type");
      assertThat(typeProperty.path("const").asString()).as(subType.name()).isEqualTo(subType.name());
      assertThat(typeProperty.path("type").asString()).isEqualTo("string");
    }
  }

  static Stream<Class<?>> eventTypes() {
    return Stream.of(OrderEvent.class, PhoneTaskEvent.class);
  }

  @Test
  @DisplayName("rule: phone-task events carry no phone number, masked or not (external tools get no buyer contact)")
  void phoneTaskEventsCarryNoPhoneNumber() {
    for (Class<?> type : PhoneTaskEvent.class.getPermittedSubclasses()) {
      assertThat(Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName))
          .as(type.getSimpleName())
          .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("phone"))
          .doesNotContain("note");
      assertThat(names(schemaJson(type).get("properties"))).noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("phone"));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // the schemas accept what the code writes, and reject what the records reject

  static Stream<Arguments> serializedSamples() {
    return Stream.of(
        Arguments.of(OrderCreated.class, orderEventJson(ContractSamples.orderCreated())),
        Arguments.of(OrderPaid.class, orderEventJson(ContractSamples.orderPaid())),
        Arguments.of(OrderClosed.class, orderEventJson(ContractSamples.orderClosed())),
        Arguments.of(ShopUpdated.class, MAPPER.valueToTree(ContractSamples.shopUpdated())),
        Arguments.of(Money.class, MAPPER.valueToTree(ContractSamples.money())),
        Arguments.of(PhoneTaskCreated.class, phoneTaskEventJson(ContractSamples.phoneTaskCreated())),
        Arguments.of(PhoneTaskClaimed.class, phoneTaskEventJson(ContractSamples.phoneTaskClaimed())),
        Arguments.of(PhoneTaskReleased.class, phoneTaskEventJson(ContractSamples.phoneTaskReleased())),
        Arguments.of(PhoneTaskCompleted.class, phoneTaskEventJson(ContractSamples.phoneTaskCompleted())),
        Arguments.of(PhoneTaskClosed.class, phoneTaskEventJson(ContractSamples.phoneTaskClosed())),
        Arguments.of(ExperimentEvent.class, MAPPER.valueToTree(ContractSamples.experimentEvent())),
        Arguments.of(ExperimentEvent.class, MAPPER.valueToTree(new ExperimentEvent(
            "7d2e4f10-2a3b-4c5d-8e9f-000000000002", ExperimentEvent.SCHEMA_VERSION, "shop-1", 7L, Instant.parse("2026-11-14T03:00:00Z"),
            "STOPPED", "API", null))),
        Arguments.of(PhoneTaskCreated.class, phoneTaskEventJson(new PhoneTaskCreated(
            "e", 1, "s", "o", 1L, Instant.parse("2026-01-01T00:00:00Z"), 0, null))),
        Arguments.of(PhoneTaskCompleted.class, phoneTaskEventJson(new PhoneTaskCompleted(
            "e", 1, "s", "o", 1L, Instant.parse("2026-01-01T00:00:00Z"), "a", "DECLINED", null, null))),
        Arguments.of(OrderCreated.class, orderEventJson(minimalOrderCreated())),
        Arguments.of(OrderCreated.class, orderEventJson(ContractSamples.orderCreated().stampedFor("shop-2"))),
        Arguments.of(ShopUpdated.class, MAPPER.valueToTree(new ShopUpdated(
            1, "s", "n", List.of(), Duration.ofSeconds(90), "+14155552671", ZoneId.of("+08:00"),
            Instant.parse("2026-01-01T00:00:00.5Z")))));
  }

  static ObjectNode orderEventJson(OrderEvent event) {
    return (ObjectNode) MAPPER.readTree(MAPPER.writerFor(OrderEvent.class).writeValueAsString(event));
  }

  static ObjectNode phoneTaskEventJson(PhoneTaskEvent event) {
    return (ObjectNode) MAPPER.readTree(MAPPER.writerFor(PhoneTaskEvent.class).writeValueAsString(event));
  }

  /** Only the required components set; optional ones null, which EventJson writes as null. */
  static OrderCreated minimalOrderCreated() {
    OrderCreated full = ContractSamples.orderCreated();
    return new OrderCreated(
        full.eventId(), full.schemaVersion(), full.shopId(), full.orderId(), full.occurredAt(),
        full.buyerId(), full.buyerPhone(), null, null, new Money(0L, "USD"), full.itemSummary(),
        null, null, false);
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("serializedSamples")
  @DisplayName("rule: events serialized by EventJson validate against their schema")
  void serializedEventsValidate(Class<?> type, JsonNode json) {
    assertThat(json.toString()).isNotEqualTo("null");
    List<Error> errors = schema(type).validate(json);

    assertThat(errors).as("%s against %s", json, type.getSimpleName()).isEmpty();
  }

  record Broken(String rule, Class<?> type, Consumer<ObjectNode> breakIt, String instanceLocation, String keyword) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Broken> brokenSamples() {
    List<Broken> broken = new ArrayList<>();
    broken.add(new Broken("phone without +", OrderCreated.class,
        n -> n.put("buyerPhone", "8613800138000"), "/buyerPhone", "pattern"));
    broken.add(new Broken("phone not normalised to E.164", OrderCreated.class,
        n -> n.put("buyerPhone", "+86 138 0013 8000"), "/buyerPhone", "pattern"));
    broken.add(new Broken("phone with letters", OrderCreated.class,
        n -> n.put("buyerPhone", "+86138OO138000"), "/buyerPhone", "pattern"));
    broken.add(new Broken("negative amount", OrderCreated.class,
        n -> ((ObjectNode) n.get("amount")).put("minor", -1), "/amount/minor", "minimum"));
    broken.add(new Broken("fractional amount", OrderPaid.class,
        n -> ((ObjectNode) n.get("amount")).put("minor", 129.5), "/amount/minor", "type"));
    broken.add(new Broken("lower-case currency", OrderPaid.class,
        n -> ((ObjectNode) n.get("amount")).put("currency", "cny"), "/amount/currency", "pattern"));
    broken.add(new Broken("missing currency", OrderCreated.class,
        n -> ((ObjectNode) n.get("amount")).remove("currency"), "/amount", "required"));
    for (String name : List.of("type", "eventId", "schemaVersion", "shopId", "orderId", "occurredAt",
        "buyerId", "buyerPhone", "amount", "itemSummary")) {
      broken.add(new Broken("OrderCreated missing " + name, OrderCreated.class, n -> n.remove(name), "", "required"));
    }
    broken.add(new Broken("OrderPaid missing paidAt", OrderPaid.class, n -> n.remove("paidAt"), "", "required"));
    broken.add(new Broken("OrderClosed missing reason", OrderClosed.class, n -> n.remove("reason"), "", "required"));
    broken.add(new Broken("ShopUpdated missing smsDelay", ShopUpdated.class, n -> n.remove("smsDelay"), "", "required"));
    broken.add(new Broken("required property null", OrderCreated.class,
        n -> n.putNull("itemSummary"), "/itemSummary", "type"));
    broken.add(new Broken("blank event id", OrderClosed.class, n -> n.put("eventId", ""), "/eventId", "minLength"));
    broken.add(new Broken("item summary too long", OrderCreated.class,
        n -> n.put("itemSummary", "x".repeat(501)), "/itemSummary", "maxLength"));
    broken.add(new Broken("shop id too long", OrderPaid.class,
        n -> n.put("shopId", "s".repeat(65)), "/shopId", "maxLength"));
    broken.add(new Broken("wrong type const", OrderPaid.class, n -> n.put("type", "OrderCreated"), "/type", "const"));
    broken.add(new Broken("instant not RFC 3339", OrderClosed.class,
        n -> n.put("occurredAt", "2026-11-14 00:00:05"), "/occurredAt", "format"));
    broken.add(new Broken("instant as epoch number", OrderPaid.class,
        n -> n.put("paidAt", 1_794_355_320_000L), "/paidAt", "type"));
    broken.add(new Broken("duration not ISO-8601", ShopUpdated.class,
        n -> n.put("smsDelay", "30 minutes"), "/smsDelay", "format"));
    broken.add(new Broken("API key digest not hex SHA-256", ShopUpdated.class,
        n -> n.putArray("apiKeySha256").add("sk_live_secret"), "/apiKeySha256/0", "pattern"));
    broken.add(new Broken("unknown call outcome", PhoneTaskCompleted.class,
        n -> n.put("outcome", "MAYBE"), "/outcome", "enum"));
    broken.add(new Broken("unknown loss reason", PhoneTaskCompleted.class,
        n -> n.put("lossReason", "BAD_LUCK"), "/lossReason", "enum"));
    broken.add(new Broken("phone task without task id", PhoneTaskClaimed.class, n -> n.remove("taskId"), "", "required"));
    broken.add(new Broken("task id zero", PhoneTaskClosed.class, n -> n.put("taskId", 0), "/taskId", "minimum"));
    broken.add(new Broken("claim without its end", PhoneTaskClaimed.class, n -> n.putNull("claimUntil"), "/claimUntil", "type"));
    return broken.stream();
  }

  static ObjectNode sampleJson(Class<?> type) {
    Map<Class<?>, Object> samples = Map.of(
        OrderCreated.class, ContractSamples.orderCreated(),
        OrderPaid.class, ContractSamples.orderPaid(),
        OrderClosed.class, ContractSamples.orderClosed(),
        ShopUpdated.class, ContractSamples.shopUpdated(),
        PhoneTaskCompleted.class, ContractSamples.phoneTaskCompleted(),
        PhoneTaskClaimed.class, ContractSamples.phoneTaskClaimed(),
        PhoneTaskClosed.class, ContractSamples.phoneTaskClosed());
    Object sample = samples.get(type);
    if (sample instanceof PhoneTaskEvent event) {
      return phoneTaskEventJson(event);
    }
    return sample instanceof OrderEvent event ? orderEventJson(event) : MAPPER.valueToTree(sample);
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("brokenSamples")
  @DisplayName("rule: broken events fail validation at the broken property")
  void brokenEventsFailValidation(Broken broken) {
    ObjectNode json = sampleJson(broken.type());
    assertThat(schema(broken.type()).validate(json)).as("unbroken sample is valid").isEmpty();
    broken.breakIt().accept(json);

    List<Error> errors = schema(broken.type()).validate(json);

    assertThat(errors).as("errors for %s", json).isNotEmpty();
    assertThat(errors)
        .as("errors for %s", json)
        .anySatisfy(error -> {
          assertThat(error.getKeyword()).isEqualTo(broken.keyword());
          assertThat(error.getInstanceLocation().toString()).isEqualTo(broken.instanceLocation());
        });
  }
}
