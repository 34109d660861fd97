package dev.cuifu.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The request edge, as both apps run it (each imports this and provides its {@link
 * WebEdgeSettings}): the body limit, the management token guarding the actuator endpoints other
 * than health (which stays open for liveness and readiness probes), and Tomcat's own error answers
 * and the error page (Boot's {@code /error}) as problem+json; parameters that cannot be decoded and
 * a wildcard Content-Type are refused before any handler.
 */
@Configuration(proxyBeanMethods = false)
public class WebEdgeConfiguration {

  @Bean
  RequestSizeLimitFilter requestSizeLimitFilter(WebEdgeSettings settings) {
    return new RequestSizeLimitFilter(settings.maxRequestSize().toBytes());
  }

  @Bean
  ManagementAccessFilter managementAccessFilter(WebEdgeSettings settings) {
    return new ManagementAccessFilter(settings.managementToken(), WebEdgeConfiguration::actuatorButHealth);
  }

  @Bean
  MalformedRequestFilter malformedRequestFilter(WebEdgeSettings settings) {
    return new MalformedRequestFilter(settings.supportedTypes());
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
