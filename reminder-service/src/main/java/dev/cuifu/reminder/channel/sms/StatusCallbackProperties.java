package dev.cuifu.reminder.channel.sms;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The group commit of Twilio's status callbacks ({@code cuifu.sms.status-callbacks.*}, see {@link
 * StatusCallbackQueue}).
 *
 * @param batchSize the most callbacks applied in one transaction; default 200 (small batches commit
 *     often, which bounds how long another lane's callback waits behind a flood)
 * @param maxWait how long a request waits for its batch to commit before answering 503 (Twilio
 *     posts it again); default 5 s, at most 14 s: Twilio gives up on a webhook after 15 s
 * @param queueCapacity the most callbacks waiting for a batch; one more is answered 503 at once;
 *     default 4096
 * @param senderQueueCapacity the most callbacks of one lane (account and sender) waiting, so that
 *     one shop's flood is refused before it fills the queue for every shop; default 1024, at most
 *     {@code queueCapacity}
 * @param retries how often Twilio posts a callback again that was answered 503 (or failed to
 *     connect, or timed out): sent as Twilio's connection overrides {@code #rc=<retries>&rp=all} on
 *     the deployment's StatusCallback URL; default 3, at most 5 (Twilio's maximum); 0 sends no
 *     overrides (Twilio's default: one retry of a failed connection, none of an error answer). A URL
 *     that already carries a fragment ({@code cuifu.sms.twilio.status-callback-url}) is sent as it is.
 */
@Validated
@ConfigurationProperties("cuifu.sms.status-callbacks")
record StatusCallbackProperties(
    @DefaultValue("200") @Min(1) @Max(10_000) int batchSize,
    @DefaultValue("5s") @NotNull @DurationMin(millis = 1) @DurationMax(seconds = 14) Duration maxWait,
    @DefaultValue("4096") @Min(1) @Max(1_000_000) int queueCapacity,
    @DefaultValue("1024") @Min(1) int senderQueueCapacity,
    @DefaultValue("3") @Min(0) @Max(5) int retries) {

  /**
   * Twilio's connection overrides for the StatusCallback URL (its fragment, without the {@code #}),
   * or {@code null} for none. {@code rp=all}: a 503 (overloaded, batch failed or not committed in
   * time), a refused connection and a read timeout are each posted again; applying a callback twice
   * changes nothing.
   */
  String connectionOverrides() {
    return retries == 0 ? null : "rc=" + retries + "&rp=all";
  }

  @AssertTrue(message = "senderQueueCapacity must not exceed queueCapacity")
  public boolean isSenderQueueCapacityWithinQueue() {
    return senderQueueCapacity <= queueCapacity;
  }
}
