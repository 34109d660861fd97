package dev.cuifu.reminder.phone;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The phone agents' page, {@code static/agent/index.html}, at {@code /agent/}: plain HTML and
 * JavaScript over the {@code /agent/**} JSON API, Bootstrap from its WebJar ({@code /webjars/**}).
 */
@Configuration(proxyBeanMethods = false)
class AgentPageConfiguration implements WebMvcConfigurer {

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/agent", "/agent/");
    registry.addViewController("/agent/").setViewName("forward:/agent/index.html");
  }
}
