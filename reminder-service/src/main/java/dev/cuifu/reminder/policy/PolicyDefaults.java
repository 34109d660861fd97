package dev.cuifu.reminder.policy;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The policy every shop starts with, and the bounds a shop's own policy must stay within
 * ({@code cuifu.reminder.policy.*}). A shop's SMS delay, sender and time zone start from the shop
 * replica; the rest from here.
 *
 * @param smsDelay the first SMS after the order, for a shop the replica says nothing of
 * @param minSmsDelay the earliest first SMS a shop may choose: a normal payment completes within
 *     10 minutes (the local launcher lowers it to seconds for its demo shop)
 * @param maxSmsDelay the latest first SMS a shop may choose (2–3 h is the polite upper end)
 * @param smsFrom the sender for a shop the replica does not know; none by default
 * @param maxChatDelay the latest chat message a shop may choose (the 3-day payment window)
 * @param maxPhoneDelay the latest phone task a shop may choose
 * @param minPaymentDeadline the shortest default payment window a shop may choose
 * @param maxPaymentDeadline the longest default payment window a shop may choose
 * @param timeZone the zone of a shop the replica does not know
 */
@Validated
@ConfigurationProperties("cuifu.reminder.policy")
record PolicyDefaults(
    @DefaultValue("true") boolean smsEnabled,
    @DefaultValue("PT30M") @NotNull Duration smsDelay,
    @DefaultValue("PT10M") @NotNull Duration minSmsDelay,
    @DefaultValue("PT3H") @NotNull Duration maxSmsDelay,
    String smsFrom,
    @DefaultValue("true") boolean chatEnabled,
    @DefaultValue("P1D") @NotNull Duration chatDelay,
    @DefaultValue("P3D") @NotNull Duration maxChatDelay,
    @DefaultValue("true") boolean phoneEnabled,
    @DefaultValue("PT1H") @NotNull Duration phoneDelay,
    @DefaultValue("P3D") @NotNull Duration maxPhoneDelay,
    @DefaultValue("50000") @PositiveOrZero long phoneMinAmountMinor,
    @DefaultValue("1") @Min(1) int phoneReturningBuyerMinPaidOrders,
    @DefaultValue("true") boolean phoneOnBuyerNote,
    @DefaultValue("0") @PositiveOrZero long minOrderAmountMinor,
    @DefaultValue("PT72H") @NotNull Duration defaultPaymentDeadline,
    @DefaultValue("PT1H") @NotNull Duration minPaymentDeadline,
    @DefaultValue("P15D") @NotNull Duration maxPaymentDeadline,
    @DefaultValue("Asia/Shanghai") @NotNull ZoneId timeZone,
    @DefaultValue("21:00") @NotNull LocalTime quietHoursStart,
    @DefaultValue("08:00") @NotNull LocalTime quietHoursEnd,
    @DefaultValue("1") @Min(1) @Max(PolicyValidator.MAX_MESSAGES) int frequencyCapMaxMessages,
    @DefaultValue("PT24H") @NotNull Duration frequencyCapWindow,
    URI stockCheckUrl) {

  /** The default policy of a shop with this sender, zone and first-SMS delay (clamped into the bounds). */
  public ShopPolicy policy(String from, ZoneId zone, Duration shopSmsDelay) {
    return new ShopPolicy(
        new ShopPolicy.Sms(smsEnabled, clampSmsDelay(shopSmsDelay == null ? smsDelay : shopSmsDelay), from),
        new ShopPolicy.Chat(chatEnabled, chatDelay, null),
        new ShopPolicy.Phone(
            phoneEnabled, phoneDelay, phoneMinAmountMinor, phoneReturningBuyerMinPaidOrders, phoneOnBuyerNote),
        minOrderAmountMinor,
        defaultPaymentDeadline,
        zone == null ? timeZone : zone,
        new ShopPolicy.QuietHours(quietHoursStart, quietHoursEnd),
        new ShopPolicy.FrequencyCap(frequencyCapMaxMessages, frequencyCapWindow),
        stockCheckUrl);
  }

  /** The default policy of a shop nobody told this service about. */
  public ShopPolicy policy() {
    return policy(smsFrom, timeZone, smsDelay);
  }

  Duration clampSmsDelay(Duration delay) {
    if (delay.compareTo(minSmsDelay) < 0) {
      return minSmsDelay;
    }
    return delay.compareTo(maxSmsDelay) > 0 ? maxSmsDelay : delay;
  }

  @AssertTrue(message = "must satisfy 0 < min-sms-delay <= sms-delay <= max-sms-delay")
  boolean isSmsDelayWithinBounds() {
    return minSmsDelay == null
        || maxSmsDelay == null
        || smsDelay == null
        || (minSmsDelay.compareTo(Duration.ZERO) > 0
            && minSmsDelay.compareTo(smsDelay) <= 0
            && smsDelay.compareTo(maxSmsDelay) <= 0);
  }

  @AssertTrue(message = "must satisfy 0 < min-payment-deadline <= default-payment-deadline <= max-payment-deadline")
  boolean isPaymentDeadlineWithinBounds() {
    return minPaymentDeadline == null
        || maxPaymentDeadline == null
        || defaultPaymentDeadline == null
        || (minPaymentDeadline.compareTo(Duration.ZERO) > 0
            && minPaymentDeadline.compareTo(defaultPaymentDeadline) <= 0
            && defaultPaymentDeadline.compareTo(maxPaymentDeadline) <= 0);
  }

  @AssertTrue(message = "must satisfy quiet-hours-start != quiet-hours-end, or both 00:00 for no quiet hours")
  boolean isQuietHoursMeant() {
    return quietHoursStart == null
        || quietHoursEnd == null
        || PolicyValidator.quietHoursSayWhatTheyMean(new ShopPolicy.QuietHours(quietHoursStart, quietHoursEnd));
  }

  @AssertTrue(message = "must satisfy 0 < chat-delay <= max-chat-delay and 0 <= phone-delay <= max-phone-delay")
  boolean isLaterTierDelaysWithinBounds() {
    return chatDelay == null
        || maxChatDelay == null
        || phoneDelay == null
        || maxPhoneDelay == null
        || (chatDelay.compareTo(Duration.ZERO) > 0
            && chatDelay.compareTo(maxChatDelay) <= 0
            && !phoneDelay.isNegative()
            && phoneDelay.compareTo(maxPhoneDelay) <= 0);
  }
}
