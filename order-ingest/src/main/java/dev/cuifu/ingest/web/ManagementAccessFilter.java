package dev.cuifu.ingest.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the actuator endpoints other than health ({@code /actuator/prometheus} carries per-shop
 * amounts) behind {@link ManagementProperties#token()}; {@code /actuator/health/**} stays open for
 * liveness and readiness probes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ManagementAccessFilter extends OncePerRequestFilter {

  private final byte[] expected;

  ManagementAccessFilter(ManagementProperties properties) {
    String token = properties.token();
    this.expected = token == null || token.isEmpty() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    // decoded and normalised (not getRequestURI: /actuator/health/../prometheus must not pass)
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    boolean actuator = path.equals("/actuator") || path.startsWith("/actuator/");
    boolean health = path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    return !actuator || health;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String given = request.getHeader("Authorization");
    if (expected != null
        && given != null
        && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
      chain.doFilter(request, response);
      return;
    }
    response.setHeader("WWW-Authenticate", "Bearer realm=\"cuifu-management\"");
    Problems.write(
        request,
        response,
        HttpServletResponse.SC_UNAUTHORIZED,
        "unauthorized",
        "Unauthorized",
        "This endpoint needs the management token (Authorization: Bearer …).");
  }
}
