package dev.cuifu.ingest.platform;

/**
 * The secret is connected for another store already (409): the store a webhook names is not
 * signed (Shopify, WooCommerce) or signed with a secret its holder can sign any store with (an ISV's
 * Taobao app secret), so one secret on two stores would let each pass for the other. Does not say
 * which shop or store holds it.
 */
public class PlatformSecretTakenException extends RuntimeException {

  PlatformSecretTakenException() {
    super(
        "This secret is already connected for another store. Each shop's store needs its own app or webhook secret"
            + " (Shopify: the key of webhooks made in the store's admin, or an app of its own; WooCommerce: the"
            + " webhook's own Secret): with one secret on two stores, either store's deliveries could pass for the"
            + " other's.",
        null,
        false,
        false);
  }
}
