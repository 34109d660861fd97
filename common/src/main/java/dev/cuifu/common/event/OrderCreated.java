package dev.cuifu.common.event;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.common.phone.ValidPhoneNumber;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A buyer placed an order. {@code occurredAt} is when the order was placed; {@code paymentDeadline}
 * (optional) is when the platform closes it unpaid.
 */
public record OrderCreated(
    @NotBlank @Size(max = 128) String eventId,
    @NotNull Integer schemaVersion,
    @NotBlank @Size(max = 64) String shopId,
    @NotBlank @Size(max = 128) String orderId,
    @NotNull Instant occurredAt,
    @NotBlank @Size(max = 128) String buyerId,
    @NotBlank @ValidPhoneNumber String buyerPhone,
    @Size(max = 128) String chatHandle,
    ZoneId buyerTimeZone,
    @NotNull @Valid Money amount,
    @NotBlank @Size(max = 500) String itemSummary,
    @Size(max = 1000) String buyerNote,
    Instant paymentDeadline,
    boolean talkedToService)
    implements OrderEvent {

  public static final String TYPE = "OrderCreated";

  @Override
  public OrderCreated stampedFor(String shopId) {
    return with(SCHEMA_VERSION, shopId, PhoneNumbers.normalise(buyerPhone));
  }

  /** This event with the buyer's number replaced, e.g. by its E.164 form. */
  public OrderCreated withBuyerPhone(String phone) {
    return with(schemaVersion, shopId, phone);
  }

  private OrderCreated with(Integer schemaVersion, String shopId, String buyerPhone) {
    return new OrderCreated(
        eventId,
        schemaVersion,
        shopId,
        orderId,
        occurredAt,
        buyerId,
        buyerPhone,
        chatHandle,
        buyerTimeZone,
        amount,
        itemSummary,
        buyerNote,
        paymentDeadline,
        talkedToService);
  }

  /** Never prints the phone number, the note or the chat handle: this string ends up in logs. */
  @Override
  public String toString() {
    return "OrderCreated[eventId=%s, shopId=%s, orderId=%s, occurredAt=%s, buyerPhone=%s, amount=%s]"
        .formatted(eventId, shopId, orderId, occurredAt, PhoneNumbers.mask(buyerPhone), amount);
  }
}
