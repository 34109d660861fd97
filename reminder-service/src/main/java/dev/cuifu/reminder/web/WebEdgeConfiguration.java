package dev.cuifu.reminder.web;

import dev.cuifu.web.MalformedRequestFilter;
import dev.cuifu.web.ManagementAccessFilter;
import dev.cuifu.web.MaskedProblemInstance;
import dev.cuifu.web.ProblemErrorController;
import dev.cuifu.web.ProblemErrorReportCustomizer;
import dev.cuifu.web.RequestSizeLimitFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The request edge from web-edge, with this app's settings: the body limit of
 * {@link WebProperties}, the management token of {@link ManagementProperties} guarding the actuator
 * endpoints other than health (which stays open for liveness and readiness probes), and Tomcat's own
 * error answers and the error page (Boot's {@code /error}) as problem+json; parameters that cannot be decoded and a wildcard Content-Type are
 * refused before any handler.
 */
@Configuration(proxyBeanMethods = false)
class WebEdgeConfiguration {

  @Bean
  RequestSizeLimitFilter requestSizeLimitFilter(WebProperties properties) {
    return new RequestSizeLimitFilter(properties.maxRequestSize().toBytes());
  }

  @Bean
  ManagementAccessFilter managementAccessFilter(ManagementProperties properties) {
    return new ManagementAccessFilter(properties.token(), WebEdgeConfiguration::actuatorButHealth);
  }

  @Bean
  MalformedRequestFilter malformedRequestFilter() {
    return new MalformedRequestFilter("application/json; the Twilio webhooks take application/x-www-form-urlencoded");
  }

  @Bean
  ProblemErrorController problemErrorController() {
    return new ProblemErrorController();
  }

  @Bean
  ProblemErrorReportCustomizer problemErrorReportCustomizer() {
    return new ProblemErrorReportCustomizer();
  }

  @Bean
  MaskedProblemInstance maskedProblemInstance() {
    return new MaskedProblemInstance();
  }

  private static boolean actuatorButHealth(String path) {
    boolean actuator = path.equals("/actuator") || path.startsWith("/actuator/");
    boolean health = path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    return actuator && !health;
  }
}
