package dev.cuifu.reminder.shop;

import dev.cuifu.common.shop.ApiKeyDigest;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Recognises a shop by its API key, from the replicated key digests. */
@Component
class ShopAuthenticator {

  private final JdbcClient jdbc;

  ShopAuthenticator(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The shop the key belongs to; {@link UnknownApiKeyException} when there is no key or nobody owns it. */
  AuthenticatedShop authenticate(String apiKey) {
    return find(apiKey).map(AuthenticatedShop::new).orElseThrow(UnknownApiKeyException::new);
  }

  Optional<String> find(String apiKey) {
    if (apiKey == null || apiKey.isBlank()) {
      return Optional.empty();
    }
    return jdbc.sql("select shop_id from shop where ? = any (api_key_sha256)")
        .param(ApiKeyDigest.sha256Hex(apiKey.strip()))
        .query(String.class)
        .optional();
  }
}
