package dev.cuifu.reminder.phone;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How phone agents work the queue.
 *
 * @param claimLease how long a claim on a task is held for its agent; after that another agent
 *     may take the task over (1 minute to 8 hours)
 */
@Validated
@ConfigurationProperties("cuifu.reminder.phone")
record PhoneAgentProperties(
    @DefaultValue("PT10M") @NotNull @DurationMin(minutes = 1) @DurationMax(hours = 8) Duration claimLease) {}
