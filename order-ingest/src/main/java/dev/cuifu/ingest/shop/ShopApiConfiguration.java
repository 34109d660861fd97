package dev.cuifu.ingest.shop;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers the credential resolvers (shop API key, operator token); the OpenAPI document declares
 * them by path (web.OpenApiConfiguration).
 */
@Configuration(proxyBeanMethods = false)
class ShopApiConfiguration implements WebMvcConfigurer {

  private final AuthenticatedShopResolver shopResolver;
  private final OperatorResolver operatorResolver;

  ShopApiConfiguration(AuthenticatedShopResolver shopResolver, OperatorResolver operatorResolver) {
    this.shopResolver = shopResolver;
    this.operatorResolver = operatorResolver;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(shopResolver);
    resolvers.add(operatorResolver);
  }
}
