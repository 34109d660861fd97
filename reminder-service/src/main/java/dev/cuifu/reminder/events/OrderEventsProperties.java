package dev.cuifu.reminder.events;

import dev.cuifu.common.kafka.Topics;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
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
 */
@Validated
@ConfigurationProperties("cuifu.reminder.events")
public record OrderEventsProperties(
    @DefaultValue(Topics.ORDERS) @NotBlank String ordersTopic,
    @DefaultValue(Topics.ORDERS_DEAD_LETTER) @NotBlank String deadLetterTopic,
    @DefaultValue(Topics.SHOPS) @NotBlank String shopsTopic,
    @DefaultValue("reminder-service") @NotBlank String consumerGroup,
    @DefaultValue("1") @Min(1) int concurrency) {}
