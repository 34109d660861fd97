package dev.cuifu.reminder.phone;

import dev.cuifu.common.kafka.Topics;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Phone-task events on Kafka, for external call-centre tools (see {@link PhoneTaskOutbox}).
 *
 * @param topic where they go, keyed {@code shopId/orderId}
 * @param partitions partitions when reminder-service creates the topic
 * @param relayInterval how often the clustered relay publishes the outbox
 * @param batchSize outbox rows published per round trip (a relay run keeps going while rows are waiting)
 * @param sendTimeout how long the relay waits for the broker's acknowledgement before trying again later
 * @param retention how long sent rows stay in the outbox (for inspection) before they are deleted
 */
@Validated
@ConfigurationProperties("cuifu.reminder.phone.events")
record PhoneTaskEventsProperties(
    @DefaultValue(Topics.PHONE_TASKS) @NotBlank String topic,
    @DefaultValue("12") @Min(1) @Max(1000) int partitions,
    @DefaultValue("PT1S") @NotNull @DurationMin(millis = 50) @DurationMax(minutes = 10) Duration relayInterval,
    @DefaultValue("200") @Min(1) @Max(10_000) int batchSize,
    @DefaultValue("PT10S") @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 5) Duration sendTimeout,
    @DefaultValue("P7D") @NotNull @DurationMin(minutes = 1) Duration retention) {}
