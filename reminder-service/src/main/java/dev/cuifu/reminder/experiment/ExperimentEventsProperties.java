package dev.cuifu.reminder.experiment;

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
 * Experiment events on Kafka: each history entry (see {@link ExperimentEventRelay}).
 *
 * @param topic where they go, keyed {@code shopId/experimentId}
 * @param partitions partitions when reminder-service creates the topic
 * @param relayInterval how often the clustered relay publishes unsent history entries
 * @param batchSize entries published per round trip (a relay run keeps going while entries are waiting)
 * @param sendTimeout how long the relay waits for the broker's acknowledgement before trying again later
 */
@Validated
@ConfigurationProperties("cuifu.reminder.experiment.events")
record ExperimentEventsProperties(
    @DefaultValue(Topics.EXPERIMENTS) @NotBlank String topic,
    @DefaultValue("3") @Min(1) @Max(1000) int partitions,
    @DefaultValue("PT5S") @NotNull @DurationMin(millis = 50) @DurationMax(minutes = 10) Duration relayInterval,
    @DefaultValue("200") @Min(1) @Max(10_000) int batchSize,
    @DefaultValue("PT10S") @NotNull @DurationMin(millis = 100) @DurationMax(minutes = 5) Duration sendTimeout) {}
