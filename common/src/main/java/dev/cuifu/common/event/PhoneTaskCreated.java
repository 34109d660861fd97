package dev.cuifu.common.event;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * A phone task was queued for an order (tier 3: high value, returning buyer or a buyer note).
 *
 * @param priority higher = call first
 * @param reason why the order gets a call, in words
 */
public record PhoneTaskCreated(
    @NotBlank @Size(max = 128) String eventId,
    @NotNull Integer schemaVersion,
    @NotBlank @Size(max = 64) String shopId,
    @NotBlank @Size(max = 128) String orderId,
    @NotNull @Positive Long taskId,
    @NotNull Instant occurredAt,
    @NotNull Integer priority,
    @Size(max = 500) String reason)
    implements PhoneTaskEvent {

  public static final String TYPE = "PhoneTaskCreated";
}
