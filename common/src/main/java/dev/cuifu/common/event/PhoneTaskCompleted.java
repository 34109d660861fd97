package dev.cuifu.common.event;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * An agent completed the task with the call's outcome. {@code CALL_BACK} puts it back in the queue
 * for {@code callBackAt}; every other outcome closes it.
 *
 * @param agent the agent's username
 * @param outcome WILL_PAY, PAID, DECLINED, NO_ANSWER, WRONG_NUMBER or CALL_BACK
 * @param lossReason why the buyer did not pay (流失原因), when the agent recorded one
 * @param callBackAt for CALL_BACK: when to call again
 */
public record PhoneTaskCompleted(
    @NotBlank @Size(max = 128) String eventId,
    @NotNull Integer schemaVersion,
    @NotBlank @Size(max = 64) String shopId,
    @NotBlank @Size(max = 128) String orderId,
    @NotNull @Positive Long taskId,
    @NotNull Instant occurredAt,
    @NotBlank @Size(max = 64) String agent,
    @NotBlank @Size(max = 32) String outcome,
    @Size(max = 32) String lossReason,
    Instant callBackAt)
    implements PhoneTaskEvent {

  public static final String TYPE = "PhoneTaskCompleted";
}
