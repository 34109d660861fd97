package dev.cuifu.ingest.shop;

/** A shop with that id exists already. The message is safe to show to the caller. */
public class ShopExistsException extends RuntimeException {

  ShopExistsException(String shopId) {
    super("A shop with id '%s' exists already.".formatted(shopId), null, false, false);
  }
}
