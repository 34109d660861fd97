package dev.cuifu.common.event;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * An agent claimed the task (or renewed their claim, or took over an expired one).
 *
 * @param agent the agent's username
 * @param claimUntil the claim holds until then; afterwards another agent may take the task over
 */
public record PhoneTaskClaimed(
    @NotBlank @Size(max = 128) String eventId,
    @NotNull Integer schemaVersion,
    @NotBlank @Size(max = 64) String shopId,
    @NotBlank @Size(max = 128) String orderId,
    @NotNull @Positive Long taskId,
    @NotNull Instant occurredAt,
    @NotBlank @Size(max = 64) String agent,
    @NotNull Instant claimUntil)
    implements PhoneTaskEvent {

  public static final String TYPE = "PhoneTaskClaimed";
}
