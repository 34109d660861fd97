package dev.cuifu.ingest.platform;

import java.time.Instant;

/** A shop's store on a platform: the store's normalised name and the secret its webhooks are signed with. */
record PlatformConnection(
    String shopId, Platform platform, String account, String secret, Instant createdAt, Instant updatedAt) {

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "PlatformConnection[shopId=%s, platform=%s, account=%s]".formatted(shopId, platform.id(), account);
  }
}
