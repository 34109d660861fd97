package dev.cuifu.common.event;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * The task closed itself because its order was paid or closed (an agent's final outcome is a
 * {@link PhoneTaskCompleted} instead).
 *
 * @param reason {@code paid} or {@code closed}
 */
public record PhoneTaskClosed(
    @NotBlank @Size(max = 128) String eventId,
    @NotNull Integer schemaVersion,
    @NotBlank @Size(max = 64) String shopId,
    @NotBlank @Size(max = 128) String orderId,
    @NotNull @Positive Long taskId,
    @NotNull Instant occurredAt,
    @NotBlank @Size(max = 64) String reason)
    implements PhoneTaskEvent {

  public static final String TYPE = "PhoneTaskClosed";
}
