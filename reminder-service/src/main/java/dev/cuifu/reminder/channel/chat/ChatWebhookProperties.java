package dev.cuifu.reminder.channel.chat;

import jakarta.validation.constraints.AssertTrue;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code cuifu.chat.webhook.*}: how the service calls shops' chat webhooks.
 *
 * @param connectTimeout how long to wait for the TCP (and TLS) connection; a delivery that times
 *     out here never left, so it is retryable. Default 2 s.
 * @param readTimeout how long to wait for the answer once the request is sent; a delivery that
 *     times out here may have been posted, so it is an unknown outcome. Default 10 s.
 */
@Validated
@ConfigurationProperties("cuifu.chat.webhook")
record ChatWebhookProperties(Duration connectTimeout, Duration readTimeout) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

  public ChatWebhookProperties {
    connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
    readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
  }

  @AssertTrue(message = "connectTimeout and readTimeout must be positive")
  public boolean isTimeoutsPositive() {
    return !connectTimeout.isNegative() && !connectTimeout.isZero() && !readTimeout.isNegative() && !readTimeout.isZero();
  }
}
