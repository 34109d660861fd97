package dev.cuifu.reminder.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CSRF defence for the agents' and the dashboard's Basic-authenticated API: a browser that once
 * answered the Basic dialog sends the cached credentials with any site's form post. A write
 * (POST, PUT, PATCH, DELETE) must carry {@code X-Requested-With}, which a form cannot set and a
 * cross-site script can only set after a CORS preflight this service never grants. The pages
 * send it with every call; so must scripts (curl: {@code -H 'X-Requested-With: curl'}).
 */
final class CrossSiteWriteGuard extends OncePerRequestFilter {

  static final String HEADER = "X-Requested-With";

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String marker = request.getHeader(HEADER);
    if (WRITES.contains(request.getMethod()) && (marker == null || marker.isBlank())) {
      ProblemSecurityHandler.write(
          request,
          response,
          HttpServletResponse.SC_FORBIDDEN,
          "cross-site-write",
          "Forbidden",
          "A write needs the header " + HEADER + " (the agents' page sends it): cross-site form posts are refused.");
      return;
    }
    chain.doFilter(request, response);
  }
}
