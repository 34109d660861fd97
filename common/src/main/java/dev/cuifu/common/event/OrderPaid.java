package dev.cuifu.common.event;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The buyer paid: every reminder not yet sent for this order is cancelled. */
public record OrderPaid(
    @NotBlank @Size(max = 128) String eventId,
    @NotNull Integer schemaVersion,
    @NotBlank @Size(max = 64) String shopId,
    @NotBlank @Size(max = 128) String orderId,
    @NotNull Instant occurredAt,
    @NotNull @Valid Money amount,
    @NotNull Instant paidAt)
    implements OrderEvent {

  public static final String TYPE = "OrderPaid";

  @Override
  public OrderPaid stampedFor(String shopId) {
    return new OrderPaid(eventId, SCHEMA_VERSION, shopId, orderId, occurredAt, amount, paidAt);
  }
}
