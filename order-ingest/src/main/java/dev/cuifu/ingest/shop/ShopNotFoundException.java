package dev.cuifu.ingest.shop;

/** No such shop, or no such live key of the shop. The message is safe to show to the caller. */
public class ShopNotFoundException extends RuntimeException {

  private ShopNotFoundException(String message) {
    super(message, null, false, false);
  }

  static ShopNotFoundException shop(String shopId) {
    return new ShopNotFoundException("There is no shop '%s'.".formatted(shopId));
  }

  static ShopNotFoundException liveKey(String shopId, String keyId) {
    return new ShopNotFoundException("Shop '%s' has no live key '%s'.".formatted(shopId, keyId));
  }
}
