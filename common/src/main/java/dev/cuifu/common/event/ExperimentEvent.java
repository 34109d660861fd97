package dev.cuifu.common.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * A change to a shop's experiment (an entry of its history), published by reminder-service from a
 * transactional outbox: at-least-once, in order per experiment ({@link #key()}).
 *
 * @param change CREATED, ARM_PINNED, ARM_RETIRED, WINNER_RECORDED, AUTO_APPLIED or STOPPED
 * @param actor API (the shop's call) or RULE (the winner rule)
 * @param detail the change in words (the arms, the winner, the new holdout share), or null
 */
public record ExperimentEvent(
    @NotBlank @Size(max = 128) String eventId,
    @NotNull Integer schemaVersion,
    @NotBlank @Size(max = 64) String shopId,
    @NotNull @Positive Long experimentId,
    @NotNull Instant occurredAt,
    @NotBlank @Size(max = 32) String change,
    @NotBlank @Size(max = 16) String actor,
    @Size(max = 2000) String detail) {

  /** The schema version this code writes; readers accept this version and older ones. */
  public static final int SCHEMA_VERSION = 1;

  /** The Kafka record key: {@code shopId/experimentId}. */
  @JsonIgnore
  public String key() {
    return shopId + "/" + experimentId;
  }
}
