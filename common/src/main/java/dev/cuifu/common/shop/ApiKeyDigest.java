package dev.cuifu.common.shop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a shop's API key is stored and compared everywhere: lowercase hex SHA-256 of its UTF-8
 * bytes ({@code ShopUpdated.apiKeySha256}). Keys are long random strings, so a plain digest is
 * enough; the key itself is never stored.
 */
public final class ApiKeyDigest {

  /** The request header shops send their key in. */
  public static final String HEADER = "X-Api-Key";

  private ApiKeyDigest() {}

  public static String sha256Hex(String apiKey) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(apiKey.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
