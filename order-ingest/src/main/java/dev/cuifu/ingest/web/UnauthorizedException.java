package dev.cuifu.ingest.web;

/** A 401: missing or wrong credentials. The message is safe to show to the caller. */
public class UnauthorizedException extends RuntimeException {

  private final String scheme;

  public UnauthorizedException(String scheme, String message) {
    super(message, null, false, false);
    this.scheme = scheme;
  }

  /** The {@code WWW-Authenticate} challenge. */
  public String scheme() {
    return scheme;
  }
}
