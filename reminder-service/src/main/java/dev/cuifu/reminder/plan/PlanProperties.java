package dev.cuifu.reminder.plan;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Planning defaults, used where the shop or the order says nothing.
 *
 * @param defaultSmsDelay the first SMS after the order, for a shop not (yet) replicated here
 * @param defaultPaymentDeadline how long an order stays payable when the event names no deadline
 */
@Validated
@ConfigurationProperties("cuifu.reminder.plan")
public record PlanProperties(
    @DefaultValue("PT30M") @NotNull Duration defaultSmsDelay,
    @DefaultValue("PT72H") @NotNull Duration defaultPaymentDeadline) {}
