package dev.cuifu.reminder.shop;

import dev.cuifu.common.shop.ApiKeyDigest;

/** A request without an API key, or with one no shop owns. */
public class UnknownApiKeyException extends RuntimeException {

  UnknownApiKeyException() {
    super("missing or unknown " + ApiKeyDigest.HEADER + " header", null, false, false);
  }
}
