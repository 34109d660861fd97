package dev.cuifu.common.kafka;

import java.time.Instant;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/** The one JSON mapping of the event contract, used by producers, consumers and the REST API. */
public final class EventJson {

  private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();
  private static final JsonMapper STRICT = strict(configure(JsonMapper.builder())).build();

  private EventJson() {}

  /** For writing, and for reading records: tolerant of fields a newer minor version adds. */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  /**
   * For reading what a shop sends: a field the contract does not know is refused (a misspelt
   * {@code paymentDeadlin} must not silently become the default), and a value must have the JSON
   * type the contract gives it: no {@code "123"} for a number, no {@code "true"} for a boolean, no
   * number for an instant or a text, and no property twice.
   */
  public static JsonMapper strictMapper() {
    return STRICT;
  }

  /**
   * ISO-8601 instants and durations; unknown properties are ignored so that readers tolerate
   * additive schema changes; a missing boolean reads as false.
   */
  public static JsonMapper.Builder configure(JsonMapper.Builder builder) {
    return builder
        .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  private static JsonMapper.Builder strict(JsonMapper.Builder builder) {
    return builder
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        // {"paidAt": …, "paidAt": …}: which one counts differs between parsers, so neither does
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .addModule(new SimpleModule("textual-instants").addDeserializer(Instant.class, new TextualInstant()))
        .withCoercionConfig(
            LogicalType.Textual, c -> refuse(c, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean))
        .withCoercionConfig(
            LogicalType.Integer, c -> refuse(c, CoercionInputShape.String, CoercionInputShape.Float, CoercionInputShape.Boolean))
        .withCoercionConfig(LogicalType.Boolean, c -> refuse(c, CoercionInputShape.String, CoercionInputShape.Integer));
  }

  /**
   * An instant only as an ISO-8601 string: the standard reader also takes a number as epoch
   * seconds, which turned a phone number into the year 274,000.
   */
  private static final class TextualInstant extends StdDeserializer<Instant> {

    TextualInstant() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) {
      if (!parser.hasToken(JsonToken.VALUE_STRING)) {
        return (Instant) context.handleUnexpectedToken(Instant.class, parser);
      }
      return InstantDeserializer.INSTANT.deserialize(parser, context);
    }
  }

  private static void refuse(MutableCoercionConfig config, CoercionInputShape... shapes) {
    for (CoercionInputShape shape : shapes) {
      config.setCoercion(shape, CoercionAction.Fail);
    }
  }
}
