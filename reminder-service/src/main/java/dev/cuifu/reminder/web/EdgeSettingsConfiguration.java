package dev.cuifu.reminder.web;

import dev.cuifu.web.WebEdgeConfiguration;
import dev.cuifu.web.WebEdgeSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The request edge from web-edge ({@link WebEdgeConfiguration}), with this app's settings: the body
 * limit of {@link WebProperties} and the management token of {@link ManagementProperties}.
 */
@Configuration(proxyBeanMethods = false)
@Import(WebEdgeConfiguration.class)
class EdgeSettingsConfiguration {

  @Bean
  WebEdgeSettings webEdgeSettings(WebProperties web, ManagementProperties management) {
    return new WebEdgeSettings(
        web.maxRequestSize(),
        management.token(),
        "application/json; the Twilio webhooks take application/x-www-form-urlencoded");
  }
}
