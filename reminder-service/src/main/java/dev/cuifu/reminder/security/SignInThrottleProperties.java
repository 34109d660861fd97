package dev.cuifu.reminder.security;

import jakarta.validation.constraints.AssertTrue;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code cuifu.reminder.sign-in.*}: how many wrong agent passwords (HTTP Basic on {@code /agent/**}
 * and {@code /dashboard/**}) are allowed before sign-in is refused with 429 for a while.
 *
 * @param maxFailuresPerUser failed sign-ins of one username within {@code window} after which
 *     that username is refused (whatever the password). Default 10.
 * @param maxFailuresPerAddress failed sign-ins from one client address (any usernames) within
 *     {@code window} after which that address is refused. Default 30 (agents of one office share an
 *     address).
 * @param window how far back failures count; a refused client may retry once its oldest counted
 *     failure is older than this ({@code Retry-After}). Default 1 minute.
 */
@Validated
@ConfigurationProperties("cuifu.reminder.sign-in")
record SignInThrottleProperties(Integer maxFailuresPerUser, Integer maxFailuresPerAddress, Duration window) {

  public SignInThrottleProperties {
    maxFailuresPerUser = maxFailuresPerUser == null ? 10 : maxFailuresPerUser;
    maxFailuresPerAddress = maxFailuresPerAddress == null ? 30 : maxFailuresPerAddress;
    window = window == null ? Duration.ofMinutes(1) : window;
  }

  @AssertTrue(message = "maxFailuresPerUser and maxFailuresPerAddress must be at least 1, window positive")
  public boolean isSane() {
    return maxFailuresPerUser >= 1 && maxFailuresPerAddress >= 1 && window.compareTo(Duration.ZERO) > 0;
  }
}
