package dev.cuifu.ingest.web;

import dev.cuifu.ingest.shop.AuthenticatedShop;
import dev.cuifu.ingest.shop.AuthenticatedShopResolver;
import dev.cuifu.ingest.shop.Operator;
import dev.cuifu.ingest.shop.OperatorResolver;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the credential resolvers and declares the API's security schemes for OpenAPI. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
    info =
        @Info(
            title = "Cuifu order-ingest",
            version = "v1",
            description =
                "Shops post their order events here; they are validated, normalised and published to Kafka."))
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
public class WebConfiguration implements WebMvcConfigurer {

  private final AuthenticatedShopResolver shopResolver;
  private final OperatorResolver operatorResolver;

  public WebConfiguration(AuthenticatedShopResolver shopResolver, OperatorResolver operatorResolver) {
    this.shopResolver = shopResolver;
    this.operatorResolver = operatorResolver;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(shopResolver);
    resolvers.add(operatorResolver);
  }
}
