package dev.cuifu.ingest.platform;

import dev.cuifu.ingest.shop.ShopNotFoundException;
import dev.cuifu.ingest.shop.ShopRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;

/** Connecting a shop to its store on a platform, and disconnecting it. */
@Service
class PlatformConnections {

  private static final Logger log = LoggerFactory.getLogger(PlatformConnections.class);

  private final PlatformConnectionRepository connections;
  private final ShopRepository shops;
  private final Clock clock;

  PlatformConnections(PlatformConnectionRepository connections, ShopRepository shops, Clock clock) {
    this.connections = connections;
    this.shops = shops;
    this.clock = clock;
  }

  /**
   * Connects the store (or replaces the shop's store and secret on this platform): from now on only
   * this secret verifies. A store belongs to one shop, and a secret to one store.
   */
  PlatformConnectionView connect(String shopId, Platform platform, String account, String secret) {
    existing(shopId);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    PlatformConnection saved;
    try {
      switch (connections.save(shopId, platform, account, secret, now)) {
        case ACCOUNT_TAKEN -> {
          log.info("platform connection refused shop={} platform={}: the store belongs to another shop", shopId, platform.id());
          throw new PlatformAccountTakenException(platform);
        }
        case SECRET_TAKEN -> {
          log.info("platform connection refused shop={} platform={}: the secret is connected for another store", shopId, platform.id());
          throw new PlatformSecretTakenException();
        }
        case SAVED -> {}
      }
      saved = connections.find(shopId, platform).orElseThrow();
    } catch (TransientDataAccessException | DataAccessResourceFailureException e) {
      throw new PlatformsUnavailableException("The database is unavailable; the store was not connected. Retry later.", e);
    }
    log.info("platform connected shop={} platform={} account={}", shopId, platform.id(), account);
    return PlatformConnectionView.of(saved);
  }

  List<PlatformConnectionView> list(String shopId) {
    existing(shopId);
    return connections.list(shopId).stream().map(PlatformConnectionView::of).toList();
  }

  void disconnect(String shopId, Platform platform) {
    existing(shopId);
    if (!connections.delete(shopId, platform)) {
      throw ShopNotFoundException.platformConnection(shopId, platform.id());
    }
    log.info("platform disconnected shop={} platform={}", shopId, platform.id());
  }

  private void existing(String shopId) {
    if (shops.find(shopId).isEmpty()) {
      throw ShopNotFoundException.shop(shopId);
    }
  }
}
