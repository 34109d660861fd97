package dev.cuifu.ingest.config;

import dev.cuifu.common.kafka.Topics;
import dev.cuifu.common.event.InstantWindow;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of order-ingest, bound from {@code cuifu.ingest.*}.
 *
 * @param operatorToken the bearer token of the operator who manages shops ({@code /admin/**});
 *     required, at least 16 characters
 * @param topics topic names and sizes
 * @param maxBatchSize the most events one {@code POST /api/v1/events/batch} may carry
 * @param sendTimeout how long a request waits for the broker to acknowledge its records
 * @param retryAfter the {@code Retry-After} a client gets with a 503 when Kafka is unavailable
 * @param acceptedInstants the window every instant of an accepted event must lie in
 * @param apiKeys rotation of the shops' API keys
 */
@Validated
@ConfigurationProperties("cuifu.ingest")
public record IngestProperties(
    @NotBlank @Size(min = 16) String operatorToken,
    @DefaultValue @NotNull @Valid TopicSettings topics,
    @DefaultValue("1000") @Min(1) int maxBatchSize,
    @DefaultValue("10s") @NotNull Duration sendTimeout,
    @DefaultValue("5s") @NotNull Duration retryAfter,
    @DefaultValue @NotNull @Valid AcceptedInstants acceptedInstants,
    @DefaultValue @NotNull @Valid ApiKeySettings apiKeys) {

  /**
   * @param overlap how long a shop's old keys keep working after a rotation, unless the rotation
   *     names its own (0 to 30 days)
   * @param maxOverlap the longest overlap a rotation may ask for
   * @param retireCheck how often keys whose overlap ended are published as gone to the shops topic
   *     (reminder-service accepts a retired key until then)
   */
  public record ApiKeySettings(
      @DefaultValue("PT24H") @NotNull Duration overlap,
      @DefaultValue("P30D") @NotNull Duration maxOverlap,
      @DefaultValue("PT30S") @NotNull Duration retireCheck) {

    @AssertTrue(message = "overlap must lie between 0 and max-overlap, and retire-check must be positive")
    public boolean isConsistent() {
      return overlap == null
          || maxOverlap == null
          || retireCheck == null
          || (!overlap.isNegative() && overlap.compareTo(maxOverlap) <= 0 && !retireCheck.isNegative() && !retireCheck.isZero());
    }
  }

  /**
   * An order's instants must be plausible: a year such as 10000 or -999999999 cannot be stored or
   * planned, and refusing it at the door keeps it off the topic.
   *
   * @param from the earliest instant accepted (inclusive)
   * @param until the first instant no longer accepted
   */
  public record AcceptedInstants(
      @DefaultValue("2000-01-01T00:00:00Z") @NotNull Instant from,
      @DefaultValue("2100-01-01T00:00:00Z") @NotNull Instant until) {

    @AssertTrue(message = "from must come before until, and both must lie within years 1970 to 8999")
    public boolean isPlausible() {
      return from == null
          || until == null
          || (from.isBefore(until)
              && InstantWindow.STORABLE.contains(from)
              && !until.isAfter(InstantWindow.STORABLE.until()));
    }

    public InstantWindow window() {
      return new InstantWindow(from, until);
    }
  }

  /**
   * @param orders the order-events topic
   * @param ordersPartitions partitions of the order-events topic when this service creates it
   * @param shops the compacted topic of {@code ShopUpdated} records
   * @param shopsPartitions partitions of the shops topic when this service creates it
   */
  public record TopicSettings(
      @DefaultValue(Topics.ORDERS) @NotBlank String orders,
      @DefaultValue("12") @Min(1) int ordersPartitions,
      @DefaultValue(Topics.SHOPS) @NotBlank String shops,
      @DefaultValue("1") @Min(1) int shopsPartitions) {}
}
