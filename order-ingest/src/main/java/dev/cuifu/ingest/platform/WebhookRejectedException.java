package dev.cuifu.ingest.platform;

/**
 * A webhook whose store is unknown or whose signature does not verify: a 401 that says the same
 * for both, so that a caller learns nothing about which stores are connected.
 */
public class WebhookRejectedException extends RuntimeException {

  static final String DETAIL = "The webhook's signature could not be verified.";

  WebhookRejectedException() {
    super(DETAIL, null, false, false);
  }
}
