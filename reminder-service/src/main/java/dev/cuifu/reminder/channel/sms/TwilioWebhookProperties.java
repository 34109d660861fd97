package dev.cuifu.reminder.channel.sms;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Twilio webhooks we serve ({@code cuifu.sms.webhooks.*}): {@code POST /twilio/status} and
 * {@code POST /twilio/inbound}.
 *
 * @param publicBaseUrl the externally visible base Twilio calls (e.g. {@code
 *     https://cuifu.example.com}); Twilio signs the exact URL it called, so behind a proxy or load
 *     balancer that URL is rebuilt from this base and the request's path and query. Unset: the
 *     request's own URL is used.
 * @param inboundReplayRetention how long an inbound STOP/START's {@code MessageSid} is remembered so
 *     that the same message posted again is not acted on twice (Twilio's signature carries no time,
 *     so a captured request stays valid); default 90 days
 */
@Validated
@ConfigurationProperties("cuifu.sms.webhooks")
record TwilioWebhookProperties(
    URI publicBaseUrl, @DefaultValue("P90D") @NotNull @DurationMin(days = 1) Duration inboundReplayRetention) {

  @AssertTrue(message = "publicBaseUrl must be an absolute http(s) URL without query or fragment, e.g. https://cuifu.example.com")
  public boolean isPublicBaseUrlValid() {
    return publicBaseUrl == null
        || publicBaseUrl.isAbsolute()
            && ("http".equalsIgnoreCase(publicBaseUrl.getScheme()) || "https".equalsIgnoreCase(publicBaseUrl.getScheme()))
            && publicBaseUrl.getHost() != null
            && publicBaseUrl.getRawQuery() == null
            && publicBaseUrl.getRawFragment() == null;
  }
}
