package dev.cuifu.reminder.shop;

import dev.cuifu.common.shop.ApiKeyDigest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks the shop's {@code X-Api-Key} on {@code /api/**} before the handler's arguments are
 * resolved, so a request without a valid key gets 401 whatever its body (not a 400 that tells a
 * stranger how to shape one), and its body is never parsed. The controllers still resolve the
 * shop from the key themselves.
 */
final class ShopApiKeyInterceptor implements HandlerInterceptor {

  private final ShopAuthenticator authenticator;

  ShopApiKeyInterceptor(ShopAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    authenticator.authenticate(request.getHeader(ApiKeyDigest.HEADER)); // a 401 problem when missing or unknown
    return true;
  }
}
