package dev.cuifu.reminder.shop;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Every {@code /api/**} request is a shop's, checked by its API key before anything else. */
@Configuration(proxyBeanMethods = false)
class ShopApiConfiguration implements WebMvcConfigurer {

  private final ShopAuthenticator authenticator;

  ShopApiConfiguration(ShopAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new ShopApiKeyInterceptor(authenticator)).addPathPatterns("/api/**");
  }
}
