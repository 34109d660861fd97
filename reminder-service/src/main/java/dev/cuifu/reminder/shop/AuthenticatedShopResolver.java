package dev.cuifu.reminder.shop;

import dev.cuifu.common.shop.ApiKeyDigest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Supplies an {@link AuthenticatedShop} parameter: the shop {@link ShopApiKeyInterceptor} found
 * for the request, or (off {@code /api/**}) the one its {@code X-Api-Key} belongs to, else 401.
 */
final class AuthenticatedShopResolver implements HandlerMethodArgumentResolver {

  private final ShopAuthenticator authenticator;

  AuthenticatedShopResolver(ShopAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == AuthenticatedShop.class;
  }

  @Override
  public AuthenticatedShop resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest request,
      WebDataBinderFactory binderFactory) {
    if (request.getAttribute(ShopApiKeyInterceptor.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)
        instanceof AuthenticatedShop shop) {
      return shop;
    }
    return authenticator.authenticate(request.getHeader(ApiKeyDigest.HEADER));
  }
}
