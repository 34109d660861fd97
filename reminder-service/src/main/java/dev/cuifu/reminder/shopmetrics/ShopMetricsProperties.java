package dev.cuifu.reminder.shopmetrics;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Shop metrics settings.
 *
 * @param maxDays the longest range one request may ask for (each day is computed on query)
 * @param defaultDays the days answered when the request names no {@code from}
 * @param gaugeRefresh how often each instance recomputes today's figures for the per-shop gauges
 */
@Validated
@ConfigurationProperties("cuifu.reminder.shop-metrics")
record ShopMetricsProperties(
    @DefaultValue("92") @Min(1) @Max(366) int maxDays,
    @DefaultValue("7") @Min(1) @Max(366) int defaultDays,
    @DefaultValue("PT1M") @NotNull Duration gaugeRefresh) {}
