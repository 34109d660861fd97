package dev.cuifu.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Predicate;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the paths the app guards (the actuator endpoints other than health: {@code
 * /actuator/prometheus} carries per-shop amounts) behind a bearer token; with no token set they
 * answer 401 to everyone.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class ManagementAccessFilter extends OncePerRequestFilter {

  private final byte[] expected;
  private final Predicate<String> guarded;

  /**
   * @param token the bearer token the guarded paths require; null or empty: nobody passes
   * @param guarded which paths (decoded and normalised, servlet path plus path info) need it
   */
  public ManagementAccessFilter(String token, Predicate<String> guarded) {
    this.expected = token == null || token.isEmpty() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.guarded = guarded;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    // decoded and normalised (not getRequestURI: /actuator/health/../prometheus must not pass)
    String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    return !guarded.test(path);
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
