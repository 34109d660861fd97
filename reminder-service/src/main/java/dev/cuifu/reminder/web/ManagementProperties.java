package dev.cuifu.reminder.web;

import jakarta.validation.constraints.AssertTrue;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code cuifu.management.*}: who may read the actuator endpoints other than health.
 *
 * @param token the bearer token {@code /actuator/prometheus}, {@code /actuator/metrics} and
 *     {@code /actuator/info} require (Prometheus: {@code authorization.credentials_file}); at least
 *     16 characters. Unset (the default): those endpoints answer 401 to everyone. Health, liveness
 *     and readiness stay open for probes.
 */
@Validated
@ConfigurationProperties("cuifu.management")
public record ManagementProperties(String token) {

  @AssertTrue(message = "token must be at least 16 characters when set")
  public boolean isTokenLongEnough() {
    return token == null || token.isEmpty() || token.length() >= 16;
  }
}
