package dev.cuifu.common.kafka;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapping of the event contract, used by producers, consumers and the REST API. */
public final class EventJson {

  private static final JsonMapper MAPPER = configure(JsonMapper.builder()).build();

  private EventJson() {}

  public static JsonMapper mapper() {
    return MAPPER;
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
}
