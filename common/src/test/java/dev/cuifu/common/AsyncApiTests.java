package dev.cuifu.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.event.PhoneTaskEvent;
import dev.cuifu.common.event.ShopUpdated;
import dev.cuifu.common.kafka.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The AsyncAPI document {@code contract/asyncapi.yaml} matches the code: topics, messages, schemas. */
class AsyncApiTests {

  static final String DOCUMENT = "contract/asyncapi.yaml";

  static JsonNode asyncApi;

  @BeforeAll
  static void parse() throws IOException {
    try (InputStream in = AsyncApiTests.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
      assertThat(in).as(DOCUMENT + " on the classpath").isNotNull();
      asyncApi = YAMLMapper.builder().build().readTree(in);
    }
  }

  static Set<String> names(JsonNode node) {
    Set<String> names = new LinkedHashSet<>();
    node.propertyNames().forEach(names::add);
    return names;
  }

  /** A '#/…' reference resolved inside the document. */
  static JsonNode resolveLocal(String ref) {
    assertThat(ref).startsWith("#/");
    JsonNode target = asyncApi.at(ref.substring(1));
    assertThat(target.isMissingNode()).as("%s resolves inside the document", ref).isFalse();
    return target;
  }

  /** A reference to another file, as a classpath resource name relative to the document. */
  static String resolveFile(String ref) {
    return URI.create(DOCUMENT).resolve(ref).toString();
  }

  static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> property : node.properties()) {
        if (property.getKey().equals("$ref")) {
          refs.add(property.getValue().asString());
        } else {
          collectRefs(property.getValue(), refs);
        }
      }
    } else if (node.isArray()) {
      node.forEach(element -> collectRefs(element, refs));
    }
  }

  static Map<String, String> topicConstants() {
    Map<String, String> topics = new LinkedHashMap<>();
    for (Field field : Topics.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        try {
          topics.put(field.getName(), (String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return topics;
  }

  /** The channel (by id) whose address is the given topic. */
  static JsonNode channel(String topic) {
    for (Map.Entry<String, JsonNode> channel : asyncApi.get("channels").properties()) {
      if (topic.equals(channel.getValue().path("address").asString())) {
        return channel.getValue();
      }
    }
    throw new AssertionError("no channel with address " + topic);
  }

  /** The message objects of a channel, by message id, with references resolved. */
  static Map<String, JsonNode> messages(JsonNode channel) {
    Map<String, JsonNode> messages = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> message : channel.get("messages").properties()) {
      JsonNode value = message.getValue();
      messages.put(message.getKey(), value.has("$ref") ? resolveLocal(value.get("$ref").asString()) : value);
    }
    return messages;
  }

  @Test
  @DisplayName("rule: the document is AsyncAPI 3.0 with JSON as default content type")
  void isAsyncApi3() {
    assertThat(asyncApi.path("asyncapi").asString()).startsWith("3.0.");
    assertThat(asyncApi.path("defaultContentType").asString()).isEqualTo("application/json");
    assertThat(asyncApi.path("info").path("title").asString()).isNotBlank();
    assertThat(asyncApi.path("info").path("version").asString()).isNotBlank();
  }

  @Test
  @DisplayName("rule: the channel addresses are exactly the Topics constants, and Kafka bindings agree")
  void channelAddressesEqualTopicsConstants() {
    List<String> addresses = new ArrayList<>();
    asyncApi.get("channels").forEach(channel -> {
      addresses.add(channel.path("address").asString());
      assertThat(channel.path("bindings").path("kafka").path("topic").asString())
          .as("kafka binding topic of %s", channel.path("address"))
          .isEqualTo(channel.path("address").asString());
    });

    assertThat(addresses).containsExactlyInAnyOrderElementsOf(topicConstants().values());
    assertThat(topicConstants()).containsOnlyKeys("ORDERS", "ORDERS_DEAD_LETTER", "SHOPS", "PHONE_TASKS", "EXPERIMENTS");
  }

  @Test
  @DisplayName("rule: the shops topic is compacted; order topics are not")
  void shopsTopicIsCompacted() {
    assertThat(cleanupPolicy(Topics.SHOPS)).containsExactly("compact");
    assertThat(cleanupPolicy(Topics.ORDERS)).containsExactly("delete");
    assertThat(cleanupPolicy(Topics.ORDERS_DEAD_LETTER)).containsExactly("delete");
    assertThat(cleanupPolicy(Topics.PHONE_TASKS)).containsExactly("delete");
    assertThat(cleanupPolicy(Topics.EXPERIMENTS)).containsExactly("delete");
  }

  static List<String> cleanupPolicy(String topic) {
    List<String> policy = new ArrayList<>();
    channel(topic).path("bindings").path("kafka").path("topicConfiguration").path("cleanup.policy")
        .forEach(p -> policy.add(p.asString()));
    return policy;
  }

  @Test
  @DisplayName("rule: every reference resolves — local ones inside the document, file ones to an existing schema file")
  void everyReferenceResolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(asyncApi, refs);
    assertThat(refs).isNotEmpty();

    for (String ref : refs) {
      if (ref.startsWith("#")) {
        resolveLocal(ref);
      } else {
        assertThat(ref).as("file references point at the schema files").matches("\\./schemas/[A-Za-z]+\\.schema\\.json");
        assertThat(getClass().getClassLoader().getResource(resolveFile(ref))).as("%s exists", ref).isNotNull();
      }
    }
  }

  @Test
  @DisplayName("rule: every message's payload references an existing schema file with the 2020-12 schema format")
  void everyEventMessageReferencesItsSchemaFile() {
    for (Map.Entry<String, JsonNode> message : asyncApi.path("components").path("messages").properties()) {
      if (message.getKey().equals("DeadLetter")) {
        continue; // the original bytes, whatever they are: no schema file
      }
      JsonNode payload = message.getValue().get("payload");
      assertThat(payload.path("schemaFormat").asString()).isEqualTo("application/schema+json;version=draft-2020-12");
      String ref = payload.path("schema").path("$ref").asString();
      assertThat(ref).as("payload of %s", message.getKey()).isEqualTo("./schemas/" + message.getKey() + ".schema.json");
      assertThat(getClass().getClassLoader().getResource(resolveFile(ref))).as("%s exists", ref).isNotNull();
      assertThat(message.getValue().path("name").asString()).isEqualTo(message.getKey());
    }
  }

  @Test
  @DisplayName("rule: every OrderEvent subtype has a message on the orders channel, and nothing else is there")
  void everyOrderEventSubtypeHasAMessage() {
    Set<String> subtypes = Arrays.stream(OrderEvent.class.getPermittedSubclasses())
        .map(Class::getSimpleName)
        .collect(Collectors.toSet());

    Map<String, JsonNode> messages = messages(channel(Topics.ORDERS));

    assertThat(messages.keySet()).containsExactlyInAnyOrderElementsOf(subtypes);
    messages.forEach((id, message) -> {
      assertThat(message.path("name").asString()).isEqualTo(id);
      assertThat(message.path("payload").path("schema").path("$ref").asString())
          .isEqualTo("./schemas/" + id + ".schema.json");
      assertThat(message.path("bindings").path("kafka").path("key").path("$ref").asString())
          .as("order messages are keyed shopId/orderId")
          .isEqualTo("#/components/schemas/OrderKey");
    });
    assertThat(messages(channel(Topics.SHOPS)).keySet()).containsExactly(ShopUpdated.class.getSimpleName());
    assertThat(messages(channel(Topics.ORDERS_DEAD_LETTER)).keySet()).containsExactly("DeadLetter");
  }

  @Test
  @DisplayName("rule: every PhoneTaskEvent subtype has a message on the phone-tasks channel, keyed shopId/orderId")
  void everyPhoneTaskEventSubtypeHasAMessage() {
    Set<String> subtypes = Arrays.stream(PhoneTaskEvent.class.getPermittedSubclasses())
        .map(Class::getSimpleName)
        .collect(Collectors.toSet());

    Map<String, JsonNode> messages = messages(channel(Topics.PHONE_TASKS));

    assertThat(messages.keySet()).containsExactlyInAnyOrderElementsOf(subtypes);
    messages.forEach((id, message) -> {
      assertThat(message.has("headers")).as(id).isFalse();
      assertThat(message.path("bindings").path("kafka").path("key").path("$ref").asString())
          .as("phone-task messages are keyed like their order")
          .isEqualTo("#/components/schemas/OrderKey");
    });
    String pattern = asyncApi.at("/components/schemas/OrderKey/pattern").asString();
    for (PhoneTaskEvent event : ContractSamples.phoneTaskEvents()) {
      assertThat(event.key()).matches(pattern).isEqualTo(event.shopId() + "/" + event.orderId());
    }
    assertThat(channel(Topics.PHONE_TASKS).path("description").asString())
        .contains("shopId/orderId", "outbox", "eventId", "phone number");
  }

  @Test
  @DisplayName("rule: order and shop messages carry no Kafka headers (the type is in the body)")
  void eventMessagesHaveNoHeaders() {
    messages(channel(Topics.ORDERS)).forEach((id, message) -> assertThat(message.has("headers")).as(id).isFalse());
    messages(channel(Topics.SHOPS)).forEach((id, message) -> assertThat(message.has("headers")).as(id).isFalse());
  }

  @Test
  @DisplayName("rule: the order key pattern matches OrderEvent.key()")
  void orderKeyPatternMatchesKey() {
    String pattern = asyncApi.at("/components/schemas/OrderKey/pattern").asString();

    for (OrderEvent event : ContractSamples.orderEvents()) {
      assertThat(event.key()).matches(pattern).isEqualTo(event.shopId() + "/" + event.orderId());
    }
  }

  @Test
  @DisplayName("rule: the dead-letter headers documented are exactly spring-kafka's KafkaHeaders.DLT_* names")
  void deadLetterHeadersAreSpringKafkaNames() throws IllegalAccessException {
    Set<String> springKafka = new LinkedHashSet<>();
    for (Field field : KafkaHeaders.class.getFields()) {
      if (field.getName().startsWith("DLT_") && field.getType() == String.class) {
        springKafka.add((String) field.get(null));
      }
    }
    JsonNode headers = messages(channel(Topics.ORDERS_DEAD_LETTER)).get("DeadLetter").path("headers");

    assertThat(names(headers.path("properties"))).containsExactlyInAnyOrderElementsOf(springKafka);
    assertThat(springKafka).contains("kafka_dlt-exception-fqcn", "kafka_dlt-exception-message");
    headers.path("required").forEach(required -> assertThat(names(headers.path("properties"))).contains(required.asString()));
  }

  @Test
  @DisplayName("rule: order-ingest sends orders and shops; reminder-service receives them and sends dead letters")
  void operationsMatchTheServices() {
    Map<String, Set<String>> sends = new LinkedHashMap<>();
    Map<String, Set<String>> receives = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> operation : asyncApi.get("operations").properties()) {
      JsonNode op = operation.getValue();
      String channelRef = op.path("channel").path("$ref").asString();
      JsonNode channel = resolveLocal(channelRef);
      String topic = channel.path("address").asString();
      String action = op.path("action").asString();
      assertThat(action).as(operation.getKey()).isIn("send", "receive");

      Set<String> messageIds = new LinkedHashSet<>();
      op.path("messages").forEach(m -> {
        String ref = m.path("$ref").asString();
        assertThat(ref).as("%s messages come from its channel", operation.getKey()).startsWith(channelRef + "/messages/");
        resolveLocal(ref);
        messageIds.add(ref.substring(ref.lastIndexOf('/') + 1));
      });
      assertThat(messageIds).as("%s lists every message of its channel", operation.getKey())
          .containsExactlyInAnyOrderElementsOf(names(channel.get("messages")));
      (action.equals("send") ? sends : receives).put(topic, messageIds);
    }

    assertThat(sends).containsOnlyKeys(Topics.ORDERS, Topics.SHOPS, Topics.ORDERS_DEAD_LETTER, Topics.PHONE_TASKS, Topics.EXPERIMENTS);
    assertThat(receives).containsOnlyKeys(Topics.ORDERS, Topics.SHOPS);
  }

  @Test
  @DisplayName("rule: the document explains dedup by event id, schemaVersion, at-least-once and read_committed")
  void deliveryRulesAreDocumented() {
    String description = asyncApi.path("info").path("description").asString();

    assertThat(description)
        .contains("eventId", "dedup key", "schemaVersion", "at-least-once", "idempotent", "read_committed",
            "transactional");
    assertThat(channel(Topics.ORDERS).path("description").asString()).contains("shopId/orderId", "one partition");
    assertThat(channel(Topics.SHOPS).path("description").asString()).contains("compacted", "shopId");
  }

  @Test
  @DisplayName("rule: every message example validates against the message's schema")
  void examplesValidateAgainstTheirSchemas() {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
        SpecificationVersion.DRAFT_2020_12,
        builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    int checked = 0;
    for (Map.Entry<String, JsonNode> message : asyncApi.path("components").path("messages").properties()) {
      String ref = message.getValue().path("payload").path("schema").path("$ref").asString(null);
      if (ref == null) {
        continue;
      }
      Schema schema = registry.getSchema(SchemaLocation.of("classpath:" + resolveFile(ref)));
      for (JsonNode example : message.getValue().path("examples")) {
        List<Error> errors = schema.validate(example.get("payload"));
        assertThat(errors).as("example %s of %s", example.path("name").asString(), message.getKey()).isEmpty();
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(9);
  }
}
