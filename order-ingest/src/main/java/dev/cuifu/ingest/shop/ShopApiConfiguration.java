package dev.cuifu.ingest.shop;

import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the credential resolvers (shop API key, operator token) and declares them for OpenAPI. */
@Configuration(proxyBeanMethods = false)
@SecurityScheme(
    name = AuthenticatedShop.SECURITY_SCHEME,
    type = SecuritySchemeType.APIKEY,
    in = SecuritySchemeIn.HEADER,
    paramName = AuthenticatedShop.HEADER,
    description = "The shop's API key (cf_…), issued once when the operator creates the shop.")
@SecurityScheme(
    name = Operator.SECURITY_SCHEME,
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "The operator token (cuifu.ingest.operator-token).")
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
