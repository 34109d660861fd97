package dev.cuifu.reminder.shop;

/**
 * The shop whose {@code X-Api-Key} a request carries. A controller parameter of this type makes
 * the endpoint a shop's: {@link AuthenticatedShopResolver} supplies it, or the request is a 401.
 */
public record AuthenticatedShop(String shopId) {}
