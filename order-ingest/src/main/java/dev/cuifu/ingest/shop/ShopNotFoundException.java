package dev.cuifu.ingest.shop;

/** No such shop, or no such live key of the shop. The message is safe to show to the caller. */
public class ShopNotFoundException extends RuntimeException {

  private ShopNotFoundException(String message) {
    super(message, null, false, false);
  }

  public static ShopNotFoundException shop(String shopId) {
    return new ShopNotFoundException("There is no shop '%s'.".formatted(shopId));
  }

  /** The shop has no store connected on this platform. */
  public static ShopNotFoundException platformConnection(String shopId, String platform) {
    return new ShopNotFoundException("Shop '%s' has no %s store connected.".formatted(shopId, platform));
  }

  static ShopNotFoundException liveKey(String shopId, String keyId) {
    return new ShopNotFoundException("Shop '%s' has no live key '%s'.".formatted(shopId, keyId));
  }
}
