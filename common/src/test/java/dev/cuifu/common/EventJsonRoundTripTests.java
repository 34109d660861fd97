package dev.cuifu.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.event.PhoneTaskEvent;
import dev.cuifu.common.event.ShopUpdated;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.common.kafka.JsonSerde;
import dev.cuifu.common.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The JSON mapping of the contract ({@link EventJson}, {@link JsonSerde}) is lossless and tolerant. */
class EventJsonRoundTripTests {

  private final JsonMapper mapper = EventJson.mapper();

  static Stream<OrderEvent> orderEvents() {
    return ContractSamples.orderEvents().stream();
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("orderEvents")
  @DisplayName("rule: an order event written as OrderEvent carries its type and reads back equal")
  void orderEventRoundTripsThroughEventJson(OrderEvent event) {
    String json = mapper.writerFor(OrderEvent.class).writeValueAsString(event);

    JsonNode tree = mapper.readTree(json);
    assertThat(tree.get("type").asString()).isEqualTo(event.getClass().getSimpleName());
    assertThat(mapper.readValue(json, OrderEvent.class)).isEqualTo(event);
    // a reader that knows the concrete type gets the same
    assertThat(mapper.readValue(json, event.getClass())).isEqualTo(event);
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("orderEvents")
  @DisplayName("rule: instants and durations are ISO-8601 strings, time zones are zone ids, money is minor units")
  void wireFormatUsesIsoStrings(OrderEvent event) {
    JsonNode tree = mapper.readTree(mapper.writerFor(OrderEvent.class).writeValueAsString(event));

    assertThat(tree.get("occurredAt").isString()).isTrue();
    assertThat(tree.get("occurredAt").asString()).isEqualTo(event.occurredAt().toString());
    assertThat(tree.get("schemaVersion").isInt()).isTrue();
    assertThat(tree.has("key")).as("key() is not a property").isFalse();
    if (event instanceof OrderCreated created) {
      assertThat(tree.get("buyerTimeZone").asString()).isEqualTo("Asia/Shanghai");
      assertThat(tree.get("amount").get("minor").isIntegralNumber()).isTrue();
      assertThat(tree.get("amount").get("minor").asLong()).isEqualTo(created.amount().minor());
      assertThat(tree.get("amount").get("currency").asString()).isEqualTo("CNY");
    }
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("dev.cuifu.common.ContractSamples#phoneTaskEvents")
  @DisplayName("rule: a phone-task event written as PhoneTaskEvent carries its type and reads back equal")
  void phoneTaskEventRoundTripsThroughEventJson(PhoneTaskEvent event) {
    String json = mapper.writerFor(PhoneTaskEvent.class).writeValueAsString(event);

    JsonNode tree = mapper.readTree(json);
    assertThat(tree.get("type").asString()).isEqualTo(event.getClass().getSimpleName());
    assertThat(tree.has("key")).as("key() is not a property").isFalse();
    assertThat(mapper.readValue(json, PhoneTaskEvent.class)).isEqualTo(event);
  }

  @Test
  @DisplayName("rule: ShopUpdated reads back equal; smsDelay is an ISO-8601 duration string")
  void shopUpdatedRoundTrips() {
    ShopUpdated shop = ContractSamples.shopUpdated();
    String json = mapper.writeValueAsString(shop);

    JsonNode tree = mapper.readTree(json);
    assertThat(tree.get("smsDelay").asString()).isEqualTo("PT30M");
    assertThat(tree.get("timeZone").asString()).isEqualTo("Asia/Shanghai");
    assertThat(tree.get("updatedAt").asString()).isEqualTo("2026-11-01T08:00:00Z");
    assertThat(mapper.readValue(json, ShopUpdated.class)).isEqualTo(shop);
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("orderEvents")
  @DisplayName("rule: the Kafka serde writes the type even for a concrete record and reads back equal")
  void orderEventRoundTripsThroughJsonSerde(OrderEvent event) {
    Serializer<OrderEvent> serializer = JsonSerde.serializer();
    Deserializer<OrderEvent> deserializer = JsonSerde.deserializer(OrderEvent.class);

    byte[] bytes = serializer.serialize(Topics.ORDERS, event);

    assertThat(mapper.readTree(bytes).get("type").asString()).isEqualTo(event.getClass().getSimpleName());
    assertThat(deserializer.deserialize(Topics.ORDERS, bytes)).isEqualTo(event);
  }

  @Test
  @DisplayName("rule: the Kafka serde round-trips ShopUpdated and maps null to null (tombstones)")
  void shopUpdatedRoundTripsThroughJsonSerdeAndNullStaysNull() {
    Serializer<ShopUpdated> serializer = JsonSerde.serializer();
    Deserializer<ShopUpdated> deserializer = JsonSerde.deserializer(ShopUpdated.class);
    ShopUpdated shop = ContractSamples.shopUpdated();

    assertThat(deserializer.deserialize(Topics.SHOPS, serializer.serialize(Topics.SHOPS, shop))).isEqualTo(shop);
    assertThat(serializer.serialize(Topics.SHOPS, null)).isNull();
    assertThat(deserializer.deserialize(Topics.SHOPS, null)).isNull();
  }

  @Test
  @DisplayName("rule: undecodable bytes fail with Kafka's SerializationException (what dead-lettering expects)")
  void undecodableBytesFailWithSerializationException() {
    Deserializer<OrderEvent> deserializer = JsonSerde.deserializer(OrderEvent.class);

    assertThatThrownBy(() -> deserializer.deserialize(Topics.ORDERS, "{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("OrderEvent");
    assertThatThrownBy(
            () -> deserializer.deserialize(
                Topics.ORDERS, "{\"type\":\"OrderShipped\",\"eventId\":\"e\"}".getBytes(StandardCharsets.UTF_8)))
        .as("an unknown event type is not silently accepted")
        .isInstanceOf(SerializationException.class);
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("orderEvents")
  @DisplayName("rule: readers ignore unknown properties (forward compatibility)")
  void unknownPropertiesAreIgnored(OrderEvent event) {
    ObjectNode tree = (ObjectNode) mapper.readTree(mapper.writerFor(OrderEvent.class).writeValueAsString(event));
    tree.put("addedInAFutureVersion", "x");
    tree.putObject("nestedFutureObject").put("a", 1).putArray("b").add(true);
    if (tree.get("amount") instanceof ObjectNode amount) {
      amount.put("futureMoneyField", 7);
    }

    byte[] bytes = mapper.writeValueAsBytes(tree);

    assertThat(mapper.readValue(bytes, OrderEvent.class)).isEqualTo(event);
    assertThat(JsonSerde.deserializer(OrderEvent.class).deserialize(Topics.ORDERS, bytes)).isEqualTo(event);
  }

  @Test
  @DisplayName("rule: ShopUpdated keeps its phoneRegion; a record written before phoneRegion existed reads as none")
  void shopPhoneRegionRoundTripsAndOlderRecordsReadWithout() {
    ShopUpdated shop = ContractSamples.shopUpdated();
    assertThat(JsonSerde.deserializer(ShopUpdated.class)
            .deserialize(Topics.SHOPS, JsonSerde.<ShopUpdated>serializer().serialize(Topics.SHOPS, shop)))
        .isEqualTo(shop)
        .extracting(ShopUpdated::phoneRegion)
        .isEqualTo("CN");

    ObjectNode older = (ObjectNode) mapper.readTree(mapper.writeValueAsString(shop));
    older.remove("phoneRegion");
    ShopUpdated read = mapper.treeToValue(older, ShopUpdated.class);

    assertThat(read.phoneRegion()).isNull();
    assertThat(read).isEqualTo(new ShopUpdated(
        shop.schemaVersion(), shop.shopId(), shop.name(), shop.apiKeySha256(), shop.smsDelay(), shop.smsFrom(),
        shop.timeZone(), shop.updatedAt()));
  }

  @Test
  @DisplayName("rule: ShopUpdated readers ignore unknown properties (forward compatibility)")
  void unknownShopPropertiesAreIgnored() {
    ShopUpdated shop = ContractSamples.shopUpdated();
    ObjectNode tree = (ObjectNode) mapper.readTree(mapper.writeValueAsString(shop));
    tree.put("chatWebhookUrl", "https://example.invalid/hook");

    assertThat(mapper.treeToValue(tree, ShopUpdated.class)).isEqualTo(shop);
  }

  @Test
  @DisplayName("rule: a missing or null talkedToService reads as false")
  void missingTalkedToServiceReadsFalse() {
    OrderCreated created = ContractSamples.orderCreated();
    assertThat(created.talkedToService()).isTrue();
    ObjectNode tree = (ObjectNode) mapper.readTree(mapper.writerFor(OrderEvent.class).writeValueAsString(created));

    tree.remove("talkedToService");
    OrderEvent missing = mapper.treeToValue(tree, OrderEvent.class);
    tree.putNull("talkedToService");
    OrderEvent explicitNull = mapper.treeToValue(tree, OrderEvent.class);

    assertThat(missing).isInstanceOfSatisfying(OrderCreated.class, c -> assertThat(c.talkedToService()).isFalse());
    assertThat(explicitNull).isInstanceOfSatisfying(OrderCreated.class, c -> assertThat(c.talkedToService()).isFalse());
    assertThat(missing)
        .usingRecursiveComparison()
        .ignoringFields("talkedToService")
        .isEqualTo(created);
  }

  @Test
  @DisplayName("rule: optional properties absent from the JSON read as null")
  void missingOptionalPropertiesReadNull() {
    ObjectNode tree = (ObjectNode) mapper.readTree(
        mapper.writerFor(OrderEvent.class).writeValueAsString(ContractSamples.orderCreated()));
    Arrays.asList("chatHandle", "buyerTimeZone", "buyerNote", "paymentDeadline").forEach(tree::remove);

    OrderCreated read = (OrderCreated) mapper.treeToValue(tree, OrderEvent.class);

    assertThat(read.chatHandle()).isNull();
    assertThat(read.buyerTimeZone()).isNull();
    assertThat(read.buyerNote()).isNull();
    assertThat(read.paymentDeadline()).isNull();
    assertThat(read.buyerPhone()).isEqualTo(ContractSamples.PHONE_E164);
  }
}
