package dev.cuifu.reminder.security;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Spring Security's firewall refuses paths it finds ambiguous (encoded dots or slashes, a {@code
 * ;}) before any controller; its default answer is a bare error page. Here it is a 400
 * problem+json like every other refusal, and the reason stays in the firewall's own log line.
 */
@Configuration(proxyBeanMethods = false)
class RejectedRequests {

  @Bean
  RequestRejectedHandler problemForRejectedRequests() {
    return (request, response, rejected) ->
        ProblemSecurityHandler.write(
            request,
            response,
            HttpServletResponse.SC_BAD_REQUEST,
            "rejected-request",
            "Bad request",
            "The request's path is not accepted (encoded dots or slashes, or a ';').");
  }
}
