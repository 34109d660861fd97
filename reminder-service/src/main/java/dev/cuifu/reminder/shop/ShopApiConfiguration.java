package dev.cuifu.reminder.shop;

import dev.cuifu.common.shop.ApiKeyDigest;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import java.util.Arrays;
import java.util.List;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The one way a shop signs its requests: every {@code /api/**} request is checked by its API key
 * before anything else, and a controller takes the shop as an {@link AuthenticatedShop} parameter.
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

  /** Documents the key as a required header of every operation that takes the shop. */
  @Bean
  OperationCustomizer shopApiKeyHeader() {
    return (operation, handler) -> {
      if (Arrays.stream(handler.getMethodParameters()).anyMatch(p -> p.getParameterType() == AuthenticatedShop.class)) {
        operation.addParametersItem(
            new HeaderParameter().name(ApiKeyDigest.HEADER).required(true).schema(new StringSchema()));
      }
      return operation;
    };
  }
}
