package dev.cuifu.reminder.channel.sms;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Twilio account and HTTP settings ({@code cuifu.sms.twilio.*}).
 *
 * @param accountSid the account SID ({@code AC} + 32 hex digits); required
 * @param authToken the account's auth token; required, never logged
 * @param apiBaseUrl when set (e.g. {@code http://localhost:8099}), every SDK request goes to this
 *     scheme/host/port (and path prefix) instead of {@code https://api.twilio.com}: how tests and
 *     the local launcher point the real SDK at the Twilio stub. Unset in production.
 * @param statusCallbackUrl when set, sent as each message's {@code StatusCallback} so Twilio reports
 *     delivery to us; unset: no callbacks
 * @param connectTimeout TCP connect timeout (default 2s); a send that fails here never left
 * @param readTimeout how long to wait for Twilio's answer (default 10s); a send that times out here
 *     may have been accepted, so it is reported as an unknown outcome
 */
@Validated
@ConfigurationProperties("cuifu.sms.twilio")
record TwilioProperties(
    @NotBlank @Pattern(regexp = "AC[0-9a-fA-F]{32}", message = "must be AC followed by 32 hex digits")
        String accountSid,
    @NotBlank String authToken,
    URI apiBaseUrl,
    URI statusCallbackUrl,
    Duration connectTimeout,
    Duration readTimeout) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

  public TwilioProperties {
    connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
    readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
  }

  @AssertTrue(message = "apiBaseUrl must be an absolute http(s) URL without query, e.g. http://localhost:8099")
  public boolean isApiBaseUrlValid() {
    return apiBaseUrl == null || isHttpUrl(apiBaseUrl) && apiBaseUrl.getRawQuery() == null;
  }

  @AssertTrue(message = "statusCallbackUrl must be an absolute http(s) URL")
  public boolean isStatusCallbackUrlValid() {
    return statusCallbackUrl == null || isHttpUrl(statusCallbackUrl);
  }

  @AssertTrue(message = "connectTimeout and readTimeout must be positive")
  public boolean isTimeoutsPositive() {
    return !connectTimeout.isNegative() && !connectTimeout.isZero() && !readTimeout.isNegative() && !readTimeout.isZero();
  }

  private static boolean isHttpUrl(URI uri) {
    return uri.isAbsolute()
        && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
        && uri.getHost() != null;
  }

  /** Keeps the auth token out of logs and failure analyses. */
  @Override
  public String toString() {
    return "TwilioProperties[accountSid=" + accountSid
        + ", authToken=" + (authToken == null ? "null" : "****")
        + ", apiBaseUrl=" + apiBaseUrl
        + ", statusCallbackUrl=" + statusCallbackUrl
        + ", connectTimeout=" + connectTimeout
        + ", readTimeout=" + readTimeout + "]";
  }
}
