package dev.cuifu.reminder.shop;

import dev.cuifu.common.shop.ApiKeyDigest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks the shop's {@code X-Api-Key} on {@code /api/**} before the handler's arguments are
 * resolved, so a request without a valid key gets 401 whatever its body (not a 400 that tells a
 * stranger how to shape one), and its body is never parsed. The shop it finds is kept on the
 * request for {@link AuthenticatedShopResolver}.
 */
final class ShopApiKeyInterceptor implements HandlerInterceptor {

  static final String ATTRIBUTE = AuthenticatedShop.class.getName();

  private final ShopAuthenticator authenticator;

  ShopApiKeyInterceptor(ShopAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    request.setAttribute(ATTRIBUTE, authenticator.authenticate(request.getHeader(ApiKeyDigest.HEADER)));
    return true;
  }
}
