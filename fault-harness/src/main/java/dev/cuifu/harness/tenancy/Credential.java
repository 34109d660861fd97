package dev.cuifu.harness.tenancy;

import java.util.Map;

/**
 * A way a caller identifies itself, with the headers that carry it.
 *
 * @param platformSecrets for {@link Kind#PLATFORM_SIGNATURE}: the secret of each platform the shop
 *     connected, by platform; the signature is over each request's body, so there are no fixed
 *     headers
 */
public record Credential(String name, Kind kind, Map<String, String> headers, Map<String, String> platformSecrets) {

  public Credential(String name, Kind kind, Map<String, String> headers) {
    this(name, kind, headers, Map.of());
  }

  public enum Kind {
    OPERATOR,
    API_KEY,
    AGENT,
    TWILIO_SIGNATURE,
    /** A platform webhook signed with the secret of a store the shop connected ({@link PlatformSignatures}). */
    PLATFORM_SIGNATURE
  }
}
