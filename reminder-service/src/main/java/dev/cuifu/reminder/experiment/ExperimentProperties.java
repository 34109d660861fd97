package dev.cuifu.reminder.experiment;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How experiments count their orders and how often they are checked for a winner.
 *
 * @param attributionWindow how long after its due time an order may still be paid and count as
 *     recovered (arms and holdout alike); an order neither paid nor closed stays pending until this
 *     window or its payment deadline, whichever comes first, has passed, and only then counts as a
 *     failure. The default matches the usual 3-day payment window.
 * @param decideInterval how often the clustered check reads every running experiment's statistics
 *     and records (and auto-applies) a winner the rule names, so an experiment nobody looks at is
 *     still decided; a stats read decides too
 */
@Validated
@ConfigurationProperties("cuifu.reminder.experiment")
record ExperimentProperties(
    @DefaultValue("PT72H") @NotNull @DurationMin(minutes = 1) Duration attributionWindow,
    @DefaultValue("PT1M") @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 24) Duration decideInterval) {}
