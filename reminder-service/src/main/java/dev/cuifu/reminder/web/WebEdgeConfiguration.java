package dev.cuifu.reminder.web;

import dev.cuifu.web.ManagementAccessFilter;
import dev.cuifu.web.MaskedProblemInstance;
import dev.cuifu.web.ProblemErrorReportCustomizer;
import dev.cuifu.web.RequestSizeLimitFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The request edge from web-edge, with this app's settings: the body limit of
 * {@link WebProperties}, the management token of {@link ManagementProperties} guarding the actuator
 * endpoints other than health (which stays open for liveness and readiness probes), and Tomcat's own
 * error answers as problem+json.
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
