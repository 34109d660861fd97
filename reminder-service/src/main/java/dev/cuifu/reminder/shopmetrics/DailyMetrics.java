package dev.cuifu.reminder.shopmetrics;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One day of a shop (in its time zone): the orders placed that day and what became of them so far.
 *
 * @param unpaid orders not paid and not closed, inside their payment window or past it
 * @param openUnpaid of the unpaid, those still inside their payment window now (no deadline counts as
 *     inside): not a loss yet, and the reason a recent day's loss ratio is low
 * @param lossRatio closed unpaid ÷ placed (null on a day without orders)
 * @param settledLossRatio closed unpaid ÷ (placed − openUnpaid): the loss among the orders whose
 *     outcome is known (null while none is)
 * @param reminded orders with at least one touch sent, any channel
 * @param recovered orders recovered by a touch (paid after it, by the deadline; the last touch before
 *     the payment gets the credit)
 * @param lossReasons what phone agents recorded, by reason (only reasons recorded at least once)
 */
record DailyMetrics(
    LocalDate date,
    long placed,
    long paid,
    long closedUnpaid,
    long unpaid,
    long openUnpaid,
    Double lossRatio,
    Double settledLossRatio,
    List<Amounts> amounts,
    long reminded,
    long recovered,
    List<ChannelMetrics> channels,
    Map<String, Long> lossReasons,
    CustomerService customerService) {

  /** The day's order amount in one currency, in minor units: placed = unpaid + paid + closed. */
  public record Amounts(String currency, long placed, long unpaid, long paid, long closed, long recovered) {}

  /** Orders reminded and recovered through one channel. */
  public record ChannelMetrics(
      @Schema(allowableValues = {"SMS", "CHAT", "PHONE"}) String channel, long reminded, long recovered, List<Money> recoveredAmount) {}

  /** An amount in minor units. */
  public record Money(long minor, String currency) {}

  /** Loss among buyers who talked to customer service before ordering ({@code talkedToService}) and among those who did not. */
  public record CustomerService(Group talked, Group selfService) {}

  public record Group(long placed, long closedUnpaid, Double lossRatio) {}

  static Double ratio(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }
}
