package dev.cuifu.reminder.channel.sms;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Senders on the deployment's Twilio account that every shop without its own account may use
 * ({@code cuifu.sms.shared-senders}), besides the one the operator assigned to it (its {@code
 * smsFrom}): e.g. a shared short code or the WhatsApp sandbox number. See {@link SenderOwnership}.
 *
 * @param sharedSenders E.164 numbers, {@code whatsapp:+…} senders or Messaging Service SIDs ({@code
 *     MG} + 32 hex digits); empty by default: a shop sends from its assigned sender only
 */
@Validated
@ConfigurationProperties("cuifu.sms")
record SharedSenderProperties(
    @DefaultValue
        @NotNull
        List<
                @NotNull @Pattern(
                    regexp = "(whatsapp:)?\\+[1-9][0-9]{6,14}|MG[0-9a-fA-F]{32}",
                    message = "must be an E.164 number, whatsapp:+E.164 or a Messaging Service SID (MG + 32 hex digits)")
                String>
            sharedSenders) {

  public SharedSenderProperties {
    sharedSenders = sharedSenders == null ? List.of() : List.copyOf(sharedSenders);
  }
}
