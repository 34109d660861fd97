package dev.cuifu.ingest.shop;

/** Missing or wrong credentials (a shop's API key or the operator token). The message is safe to show. */
public class CredentialsRejectedException extends RuntimeException {

  private final String scheme;

  CredentialsRejectedException(String scheme, String message) {
    super(message, null, false, false);
    this.scheme = scheme;
  }

  /** The {@code WWW-Authenticate} challenge. */
  public String scheme() {
    return scheme;
  }
}
