package dev.cuifu.reminder.ops;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When a planned touch counts as overdue, for the {@code cuifu.touches.overdue} gauges.
 *
 * @param after how long past its due time a touch still planned counts as overdue (a healthy sweep
 *     sends within a second or two; deferred touches are planned again for later and do not count)
 * @param refresh how old the counted figures may be when scraped: one indexed count per period, however
 *     often Prometheus scrapes
 */
@Validated
@ConfigurationProperties("cuifu.reminder.overdue")
record OverdueProperties(@DefaultValue("PT1M") @NotNull Duration after, @DefaultValue("PT5S") @NotNull Duration refresh) {}
