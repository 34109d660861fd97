package dev.cuifu.ingest.shop;

/**
 * The shop a request's {@code X-Api-Key} belongs to. A controller parameter of this type makes the
 * endpoint require a live API key ({@link AuthenticatedShopResolver}).
 */
public record AuthenticatedShop(String shopId) {

  public static final String HEADER = "X-Api-Key";
}
