package dev.cuifu.reminder.shop;

import dev.cuifu.common.shop.ApiKeyDigest;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/** Recognises a shop by its API key, from the replicated key digests. */
@Component
public class ShopAuthenticator {

  private final JdbcClient jdbc;

  ShopAuthenticator(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The shop the key belongs to; a 401 problem when there is no key or nobody owns it. */
  public String authenticate(String apiKey) {
    return find(apiKey)
        .orElseThrow(
            () ->
                new ResponseStatusException(
                    HttpStatus.UNAUTHORIZED, "missing or unknown " + ApiKeyDigest.HEADER + " header"));
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
