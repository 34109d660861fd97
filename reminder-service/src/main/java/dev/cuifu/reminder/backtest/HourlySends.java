package dev.cuifu.reminder.backtest;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Sends per hour of the day, per channel, in the zone the policy's quiet hours are kept in: where
 * quiet hours push the messages and when the provider's load peaks. Each list has 24 counts, index
 * 0 for 00:00–00:59; the SMS counts add up to the report's {@code smsMessages}, chat to {@code
 * chatMessages}, phone to {@code phoneTasks}.
 *
 * @param timeZone the policy's {@code timeZone}, whose hours these are
 * @param sms SMS messages sent in each hour (a merged message counts once)
 * @param chat chat messages sent in each hour
 * @param phone phone tasks created in each hour
 */
@Schema(name = "BacktestSendsByHour", description = "Sends per hour of day (0–23) in the policy's time zone, per channel")
public record HourlySends(
    @Schema(description = "The zone of the hours: the policy's timeZone, where its quiet hours apply", example = "Asia/Shanghai")
        String timeZone,
    @ArraySchema(arraySchema = @Schema(description = "SMS messages per hour, 24 counts from 00:00; they sum to smsMessages"))
        List<Long> sms,
    @ArraySchema(arraySchema = @Schema(description = "Chat messages per hour, 24 counts; they sum to chatMessages"))
        List<Long> chat,
    @ArraySchema(arraySchema = @Schema(description = "Phone tasks created per hour, 24 counts; they sum to phoneTasks"))
        List<Long> phone) {

  public static final int HOURS = 24;

  /** The hour with the most SMS and chat messages (the earliest of equals), or -1 when none was sent. */
  public int busiestHour() {
    int busiest = -1;
    long most = 0;
    for (int hour = 0; hour < HOURS; hour++) {
      long sends = sms.get(hour) + chat.get(hour);
      if (sends > most) {
        most = sends;
        busiest = hour;
      }
    }
    return busiest;
  }

  /** SMS and chat messages sent in {@code hour}. */
  public long messagesIn(int hour) {
    return sms.get(hour) + chat.get(hour);
  }
}
