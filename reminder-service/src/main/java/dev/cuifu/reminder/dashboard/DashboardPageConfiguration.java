package dev.cuifu.reminder.dashboard;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The shop dashboard, {@code static/dashboard/index.html}, at {@code /dashboard/}: plain HTML and
 * JavaScript over {@code /dashboard/api/overview}; Bootstrap and Apache ECharts from their WebJars
 * under {@code /webjars/} (no CDN, no sign-in: outside the security chain's paths).
 */
@Configuration(proxyBeanMethods = false)
class DashboardPageConfiguration implements WebMvcConfigurer {

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/dashboard", "/dashboard/");
    registry.addViewController("/dashboard/").setViewName("forward:/dashboard/index.html");
  }
}
