package dev.cuifu.ingest.shop;

import dev.cuifu.common.shop.ApiKeyDigest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** API keys: {@code cf_} + 32 random bytes in base64url; only their SHA-256 (hex) is stored. */
public final class ApiKeys {

  public static final String PREFIX = "cf_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The stored form, the same digest every service compares ({@link ApiKeyDigest}). */
  public static String sha256Hex(String value) {
    return ApiKeyDigest.sha256Hex(value);
  }

  /** Compares two secrets in time independent of where they differ (and of their lengths). */
  public static boolean constantTimeEquals(String expected, String actual) {
    if (expected == null || actual == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256(expected), sha256(actual));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
