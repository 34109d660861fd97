package dev.cuifu.common.event;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The order was closed without payment (timed out, cancelled by buyer or shop). */
public record OrderClosed(
    @NotBlank @Size(max = 128) String eventId,
    @NotNull Integer schemaVersion,
    @NotBlank @Size(max = 64) String shopId,
    @NotBlank @Size(max = 128) String orderId,
    @NotNull Instant occurredAt,
    @NotBlank @Size(max = 200) String reason)
    implements OrderEvent {

  public static final String TYPE = "OrderClosed";

  @Override
  public OrderClosed stampedFor(String shopId) {
    return new OrderClosed(eventId, SCHEMA_VERSION, shopId, orderId, occurredAt, reason);
  }
}
