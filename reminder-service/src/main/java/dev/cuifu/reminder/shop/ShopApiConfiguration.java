package dev.cuifu.reminder.shop;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The one way a shop signs its requests: every {@code /api/**} request is checked by its API key
 * before anything else, and a controller takes the shop as an {@link AuthenticatedShop} parameter.
 * The OpenAPI document names the key as the credential of every {@code /api/**} operation
 * (web.OpenApiConfiguration).
 */
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

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new AuthenticatedShopResolver(authenticator));
  }
}
