package dev.cuifu.reminder.events;

import dev.cuifu.common.kafka.Topics;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How reminder-service consumes the event topics.
 *
 * @param ordersTopic order events, keyed {@code shopId/orderId}
 * @param deadLetterTopic where undecodable or invalid order records go, with the reason
 * @param shopsTopic the compacted topic of shop settings order-ingest publishes
 * @param consumerGroup prefix of the consumer group ids ({@code .orders}, {@code .shops})
 * @param concurrency consumer threads for the orders topic (at most its partition count helps)
 * @param progressCheckInterval how often the order consumer's committed lag is read from the broker
 * @param stallAfter how long order records may wait without a commit before readiness is DOWN
 */
@Validated
@ConfigurationProperties("cuifu.reminder.events")
public record OrderEventsProperties(
    @DefaultValue(Topics.ORDERS) @NotBlank String ordersTopic,
    @DefaultValue(Topics.ORDERS_DEAD_LETTER) @NotBlank String deadLetterTopic,
    @DefaultValue(Topics.SHOPS) @NotBlank String shopsTopic,
    @DefaultValue("reminder-service") @NotBlank String consumerGroup,
    @DefaultValue("1") @Min(1) int concurrency,
    @DefaultValue("5s") @NotNull Duration progressCheckInterval,
    @DefaultValue("60s") @NotNull Duration stallAfter) {}
