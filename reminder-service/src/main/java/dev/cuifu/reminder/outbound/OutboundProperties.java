package dev.cuifu.reminder.outbound;

import jakarta.validation.constraints.AssertTrue;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code cuifu.outbound.*}: which shop-chosen URLs the service may call.
 *
 * @param allowedHosts host names or IP literals (no scheme, no port) that may be called over plain
 *     http and at any address, loopback and private ones included: the local stubs, an internal
 *     relay the operator runs. Every other URL must be https to a public address. Default: none.
 */
@Validated
@ConfigurationProperties("cuifu.outbound")
public record OutboundProperties(List<String> allowedHosts) {

  public OutboundProperties {
    allowedHosts =
        allowedHosts == null
            ? List.of()
            : allowedHosts.stream().map(h -> h == null ? "" : OutboundGuard.normalizeHost(h.strip())).toList();
  }

  /** Nothing allow-listed: https to public addresses only. */
  public static OutboundProperties defaults() {
    return new OutboundProperties(null);
  }

  @AssertTrue(message = "allowedHosts must be bare host names or IP literals (no scheme, port or path)")
  public boolean isAllowedHostsBare() {
    return allowedHosts.stream()
        .allMatch(h -> !h.isEmpty() && h.equals(h.toLowerCase(Locale.ROOT)) && h.chars().noneMatch(c -> "/@?#[] ".indexOf(c) >= 0)
            && (h.indexOf(':') < 0 || h.indexOf(':') != h.lastIndexOf(':')));
  }
}
