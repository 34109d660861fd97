package dev.cuifu.ingest.platform;

/** The store is connected to another shop already (409); the message does not name that shop. */
public class PlatformAccountTakenException extends RuntimeException {

  PlatformAccountTakenException(Platform platform) {
    super("This %s store is connected to another shop; a store can belong to one shop only.".formatted(platform.id()), null, false, false);
  }
}
