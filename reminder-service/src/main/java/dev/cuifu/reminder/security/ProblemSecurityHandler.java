package dev.cuifu.reminder.security;

import dev.cuifu.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Security's own refusals as {@code application/problem+json}, like every other error of the
 * service: 401 (with the Basic challenge, unless the agents' page asked with {@code
 * X-Requested-With: XMLHttpRequest}) when the credentials are missing or wrong, 403 when the
 * agent's role does not allow the request.
 */
final class ProblemSecurityHandler implements AuthenticationEntryPoint, AccessDeniedHandler {

  static final String REALM = "cuifu-agents";


  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    // the agents' page signs in with its own form: a challenge would pop the browser's dialog over it
    if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
    }
    write(
        request,
        response,
        HttpServletResponse.SC_UNAUTHORIZED,
        "unauthorized",
        "Unauthorized",
        "Sign in as a phone agent (HTTP Basic) to use this endpoint.");
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    write(request, response, HttpServletResponse.SC_FORBIDDEN, "forbidden", "Forbidden", "Your role does not allow this.");
  }

  static void write(
      HttpServletRequest request, HttpServletResponse response, int status, String type, String title, String detail)
      throws IOException {
    Problems.write(request, response, status, type, title, detail);
  }
}
