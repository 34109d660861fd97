package dev.cuifu.ingest.platform;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A commerce platform whose webhooks order-ingest reads, and how it names a store: the name is
 * normalised the same way when the operator registers it and when a webhook carries it, so that
 * {@code Example.myshopify.com} and {@code example.myshopify.com} are one store.
 */
public enum Platform {
  /** A store is its {@code *.myshopify.com} domain ({@code X-Shopify-Shop-Domain}). */
  SHOPIFY("shopify", "the store's myshopify.com domain, e.g. example.myshopify.com"),
  /** A store is its site URL ({@code X-WC-Webhook-Source}), without the trailing slash. */
  WOOCOMMERCE("woocommerce", "the store's site URL, e.g. https://shop.example.com"),
  /** A store is its seller nick ({@code user_nick} of its TMC messages), as Taobao writes it. */
  TAOBAO("taobao", "the seller's nick, as user_nick in its TMC messages (1 to 64 characters)");

  private static final Pattern SHOPIFY_DOMAIN = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}\\.myshopify\\.com");
  private static final int MAX_ACCOUNT_LENGTH = 300;

  private final String id;
  private final String accountDescription;

  Platform(String id, String accountDescription) {
    this.id = id;
    this.accountDescription = accountDescription;
  }

  /** The name in paths and in the database: {@code shopify}, {@code woocommerce}. */
  public String id() {
    return id;
  }

  /** What the account field holds, for error messages. */
  public String accountDescription() {
    return accountDescription;
  }

  public static Optional<Platform> of(String id) {
    for (Platform platform : values()) {
      if (platform.id.equals(id)) {
        return Optional.of(platform);
      }
    }
    return Optional.empty();
  }

  /** The store's name in its one stored form, or empty when it is not a name of this platform. */
  public Optional<String> normalisedAccount(String raw) {
    if (raw == null || raw.isBlank() || raw.length() > MAX_ACCOUNT_LENGTH) {
      return Optional.empty();
    }
    String value = raw.strip().toLowerCase(Locale.ROOT);
    return switch (this) {
      case SHOPIFY -> SHOPIFY_DOMAIN.matcher(value).matches() ? Optional.of(value) : Optional.empty();
      case WOOCOMMERCE -> siteUrl(raw.strip());
      case TAOBAO -> nick(raw.strip());
    };
  }

  /** A nick is kept as written (Taobao's nicks are case-sensitive), without control characters. */
  private static Optional<String> nick(String raw) {
    return raw.length() <= 64 && raw.chars().noneMatch(Character::isISOControl) ? Optional.of(raw) : Optional.empty();
  }

  /** Scheme and host lower-cased, no trailing slash, no query or fragment; path kept (sub-directory sites). */
  private static Optional<String> siteUrl(String raw) {
    try {
      URI uri = new URI(raw);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null
          || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        return Optional.empty();
      }
      String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
      String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
      return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port + path);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
