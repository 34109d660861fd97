package dev.cuifu.harness.tenancy;

import java.util.Map;

/** A way a caller identifies itself, with the headers that carry it. */
public record Credential(String name, Kind kind, Map<String, String> headers) {

  public enum Kind {
    OPERATOR,
    API_KEY,
    AGENT,
    TWILIO_SIGNATURE
  }
}
