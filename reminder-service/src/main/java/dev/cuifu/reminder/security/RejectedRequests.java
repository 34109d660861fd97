package dev.cuifu.reminder.security;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Spring Security's firewall refuses requests it finds ambiguous before any controller; its default
 * answer is a bare error page. Here it is problem+json like every other refusal, with the kind of
 * reason (a method it does not know: 405; a path with encoded dots or slashes or a {@code ;}, or a
 * header, parameter or host with characters it does not accept: 400), and the exact reason stays in
 * the firewall's own log line.
 */
@Configuration(proxyBeanMethods = false)
class RejectedRequests {

  /** The methods the firewall lets through (StrictHttpFirewall's default). */
  static final String ALLOWED_METHODS = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";

  @Bean
  RequestRejectedHandler problemForRejectedRequests() {
    return (request, response, rejected) -> {
      String reason = reason(rejected);
      if (reason.contains("http method")) {
        response.setHeader("Allow", ALLOWED_METHODS);
        ProblemSecurityHandler.write(
            request,
            response,
            HttpServletResponse.SC_METHOD_NOT_ALLOWED,
            "method-not-allowed",
            "Method not allowed",
            "The HTTP method is not one this service answers (" + ALLOWED_METHODS + ").");
        return;
      }
      boolean notThePath = reason.contains("header") || reason.contains("parameter") || reason.contains("domain");
      ProblemSecurityHandler.write(
          request,
          response,
          HttpServletResponse.SC_BAD_REQUEST,
          "rejected-request",
          "Bad request",
          notThePath
              ? "A header, parameter or host name holds characters that are not accepted."
              : "The request's path is not accepted (encoded dots or slashes, or a ';').");
    };
  }

  private static String reason(RequestRejectedException rejected) {
    return rejected.getMessage() == null ? "" : rejected.getMessage().toLowerCase(Locale.ROOT);
  }
}
