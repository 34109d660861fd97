package dev.cuifu.common.event;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * A claim was handed back to the queue before its agent completed the task: a shop admin
 * released it, or the agent was disabled.
 *
 * @param agent the username of the agent who held the claim
 * @param releasedBy the username of the shop admin who released it
 * @param reason {@code released} or {@code agent-disabled}
 */
public record PhoneTaskReleased(
    @NotBlank @Size(max = 128) String eventId,
    @NotNull Integer schemaVersion,
    @NotBlank @Size(max = 64) String shopId,
    @NotBlank @Size(max = 128) String orderId,
    @NotNull @Positive Long taskId,
    @NotNull Instant occurredAt,
    @NotBlank @Size(max = 64) String agent,
    @NotBlank @Size(max = 64) String releasedBy,
    @NotBlank @Size(max = 64) String reason)
    implements PhoneTaskEvent {

  public static final String TYPE = "PhoneTaskReleased";
}
