package dev.cuifu.reminder.policy;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.cuifu.reminder.plan.PlanningPolicy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The whole reminder policy of one shop: which tiers it uses, when, for whom, and the rules around
 * every tier (docs/architecture.md, "Tiers"). Immutable; {@link ShopPolicies} serves it and validates changes
 * against the bounds in {@link PolicyDefaults}. Money is in minor units of the order's currency.
 *
 * @param sms tier 1, the first SMS
 * @param chat tier 2, the chat / IM message the next day
 * @param phone tier 3, a task for a human agent
 * @param minOrderAmountMinor orders below this amount are not reminded at all
 * @param defaultPaymentDeadline how long an order stays payable when its event names no deadline
 * @param timeZone the shop's zone; quiet hours use the buyer's zone and fall back to this one
 * @param quietHours when no message goes out (a touch is deferred, never dropped)
 * @param frequencyCap how many messages one buyer gets per window, across all their orders
 * @param stockCheckUrl where to ask whether the order's items are still in stock; null: no check
 */
@Schema(description = "A shop's reminder policy. Durations are ISO-8601 (PT30M), times of day HH:mm, money in minor units.")
public record ShopPolicy(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Sms sms,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Chat chat,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Phone phone,
    @Schema(description = "Orders below this amount (minor units) get no reminder at all", example = "0",
            minimum = "0", requiredMode = Schema.RequiredMode.REQUIRED)
        long minOrderAmountMinor,
    @Schema(description = "Payment window when an order names no deadline, PT1H to P15D", type = "string",
            example = "PT72H", requiredMode = Schema.RequiredMode.REQUIRED)
        Duration defaultPaymentDeadline,
    @Schema(description = "The shop's time zone (IANA id); quiet hours use the buyer's zone, else this one",
            type = "string", example = "Asia/Shanghai", requiredMode = Schema.RequiredMode.REQUIRED)
        ZoneId timeZone,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) QuietHours quietHours,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) FrequencyCap frequencyCap,
    @Schema(description = "Absolute http(s) URL asked whether the items are still in stock before a reminder; null: no check",
            type = "string", format = "uri", nullable = true, example = "https://shop.example/stock")
        URI stockCheckUrl) {

  /** Quiet hours are in the buyer's zone when the order names one, else in the shop's. */
  public ZoneId zoneFor(ZoneId buyerTimeZone) {
    return buyerTimeZone != null ? buyerTimeZone : timeZone;
  }

  /** What planning needs of this policy ({@link dev.cuifu.reminder.plan.TierPlan}). */
  public PlanningPolicy planning() {
    return new PlanningPolicy(
        sms.enabled(),
        sms.delay(),
        chat.enabled(),
        chat.delay(),
        phone.enabled(),
        phone.delay(),
        phone.minAmountMinor(),
        phone.returningBuyerMinPaidOrders(),
        phone.onBuyerNote(),
        minOrderAmountMinor,
        defaultPaymentDeadline,
        timeZone,
        quietHours.rule());
  }

  /** Whether an order of this amount is reminded at all. */
  public boolean remindsOrderOf(long amountMinor) {
    return amountMinor >= minOrderAmountMinor;
  }

  /**
   * Tier 1: the first SMS.
   *
   * @param delay after the order; within the configured bounds (default PT10M to PT3H)
   * @param from the sender: an E.164 number or a Twilio Messaging Service SID (MG + 32 hex digits)
   */
  @Schema(name = "SmsPolicy", description = "Tier 1: the first SMS")
  public record Sms(
      @Schema(example = "true", requiredMode = Schema.RequiredMode.REQUIRED) boolean enabled,
      @Schema(description = "Delay after the order, PT10M to PT3H (configurable bounds)", type = "string",
              example = "PT30M", requiredMode = Schema.RequiredMode.REQUIRED)
          Duration delay,
      @Schema(description = "Sender: an E.164 number or a Twilio Messaging Service SID (MG + 32 hex digits)",
              example = "+14155550100", requiredMode = Schema.RequiredMode.REQUIRED)
          String from) {}

  /**
   * Tier 2: a chat / IM message, by default the next day; planning also bounds it by the order's
   * payment deadline.
   *
   * @param delay after the order, at most P3D
   * @param webhookUrl the shop's signed outbound chat webhook; null: none (yet)
   * @param transport how the message travels: the shop's webhook (default) or WhatsApp through
   *     Twilio
   * @param whatsappFrom the WhatsApp sender when {@code transport} is WHATSAPP: {@code
   *     whatsapp:+E164} (a WhatsApp-enabled Twilio number) or a Messaging Service SID ({@code MG…})
   *     with a WhatsApp sender; null otherwise
   */
  @Schema(name = "ChatPolicy", description = "Tier 2: a chat / IM message, always before the payment deadline")
  public record Chat(
      @Schema(example = "true", requiredMode = Schema.RequiredMode.REQUIRED) boolean enabled,
      @Schema(description = "Delay after the order, up to P3D", type = "string", example = "P1D",
              requiredMode = Schema.RequiredMode.REQUIRED)
          Duration delay,
      @Schema(description = "Absolute http(s) URL of the shop's chat webhook; null: none", type = "string",
              format = "uri", nullable = true, example = "https://im.shop.example/cuifu")
          URI webhookUrl,
      @Schema(description = "WEBHOOK (the shop's signed webhook, the default) or WHATSAPP (through Twilio)",
              example = "WEBHOOK", defaultValue = "WEBHOOK")
          ChatTransport transport,
      @Schema(description = "WhatsApp sender (required for WHATSAPP): whatsapp:+E164 or a Messaging Service SID (MG + 32 hex digits)",
              nullable = true, example = "whatsapp:+14155238886")
          String whatsappFrom) {

    public Chat {
      transport = transport == null ? ChatTransport.WEBHOOK : transport;
    }

    /** Chat through the shop's webhook. */
    public Chat(boolean enabled, Duration delay, URI webhookUrl) {
      this(enabled, delay, webhookUrl, ChatTransport.WEBHOOK, null);
    }
  }

  /** How a shop's chat tier reaches the buyer. */
  @Schema(description = "How the chat tier travels")
  public enum ChatTransport {
    /** The shop's own IM bot, through its signed webhook ({@code chat.webhookUrl}). */
    WEBHOOK,
    /** WhatsApp through the Twilio SDK, to the buyer's phone number, from {@code chat.whatsappFrom}. */
    WHATSAPP
  }

  /**
   * Tier 3: a task for a human agent, for valuable orders.
   *
   * @param delay after the order
   * @param minAmountMinor an order of at least this amount gets a call
   * @param returningBuyerMinPaidOrders a buyer with at least this many earlier paid orders with
   *     the shop gets a call
   * @param onBuyerNote an order with a buyer note gets a call
   */
  @Schema(name = "PhonePolicy", description = "Tier 3: a phone task for high value, returning buyers or orders with a note")
  public record Phone(
      @Schema(example = "true", requiredMode = Schema.RequiredMode.REQUIRED) boolean enabled,
      @Schema(description = "Delay after the order, PT0S to P3D", type = "string", example = "PT1H",
              requiredMode = Schema.RequiredMode.REQUIRED)
          Duration delay,
      @Schema(description = "Orders of at least this amount (minor units) get a call", example = "50000",
              minimum = "0", requiredMode = Schema.RequiredMode.REQUIRED)
          long minAmountMinor,
      @Schema(description = "Buyers with at least this many earlier paid orders get a call", example = "1",
              minimum = "1", requiredMode = Schema.RequiredMode.REQUIRED)
          int returningBuyerMinPaidOrders,
      @Schema(description = "Orders with a buyer note get a call", example = "true",
              requiredMode = Schema.RequiredMode.REQUIRED)
          boolean onBuyerNote) {

    /** Whether an order qualifies for a phone task: the tier is on and any of its reasons holds. */
    public boolean calls(long amountMinor, int earlierPaidOrders, boolean hasBuyerNote) {
      return enabled
          && (amountMinor >= minAmountMinor
              || earlierPaidOrders >= returningBuyerMinPaidOrders
              || (onBuyerNote && hasBuyerNote));
    }
  }

  /**
   * When no message goes out, as local times in the buyer's (else the shop's) zone; the hours may
   * cross midnight (21:00–08:00), and 00:00–00:00 means no quiet hours (other equal times are
   * refused: {@code PolicyValidator}).
   */
  @Schema(description = "No messages from start to end (local time; may cross midnight; 00:00 to 00:00: none, other equal times are refused)")
  public record QuietHours(
      @Schema(type = "string", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "21:00",
              requiredMode = Schema.RequiredMode.REQUIRED)
          @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "HH:mm")
          LocalTime start,
      @Schema(type = "string", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "08:00",
              requiredMode = Schema.RequiredMode.REQUIRED)
          @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "HH:mm")
          LocalTime end) {

    /** No quiet hours at all. */
    public boolean none() {
      return start.equals(end);
    }

    /** Whether this local time falls in the quiet hours (start inclusive, end exclusive). */
    public boolean covers(LocalTime time) {
      return rule().covers(time);
    }

    /** {@code at} itself when it is outside the quiet hours in {@code zone}, else when they end. */
    public Instant nextAllowed(Instant at, ZoneId zone) {
      return rule().nextAllowed(at, zone);
    }

    /** The planning and dispatch rule for these hours (one implementation of the wall-clock logic). */
    public dev.cuifu.reminder.plan.QuietHours rule() {
      return new dev.cuifu.reminder.plan.QuietHours(start, end);
    }
  }

  /** At most {@code maxMessages} messages to one buyer per {@code window}, across all their orders with the shop. */
  @Schema(description = "At most maxMessages messages per buyer per window, across all their orders with the shop")
  public record FrequencyCap(
      @Schema(example = "1", minimum = "1", maximum = "100", requiredMode = Schema.RequiredMode.REQUIRED) int maxMessages,
      @Schema(description = "PT1H to P30D", type = "string", example = "PT24H", requiredMode = Schema.RequiredMode.REQUIRED)
          Duration window) {}
}
