package dev.cuifu.reminder.dashboard;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The shop dashboard, {@code static/dashboard/index.html}, at {@code /dashboard/}: plain HTML and
 * JavaScript over {@code /dashboard/api/overview}, charts drawn as SVG by its own script, Bootstrap
 * from its WebJar.
 */
@Configuration(proxyBeanMethods = false)
class DashboardPageConfiguration implements WebMvcConfigurer {

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/dashboard", "/dashboard/");
    registry.addViewController("/dashboard/").setViewName("forward:/dashboard/index.html");
  }
}
