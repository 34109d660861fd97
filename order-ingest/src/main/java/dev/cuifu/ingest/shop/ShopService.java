package dev.cuifu.ingest.shop;

import dev.cuifu.common.event.ShopUpdated;
import dev.cuifu.ingest.config.IngestProperties;
import dev.cuifu.ingest.kafka.PublishFailedException;
import dev.cuifu.ingest.kafka.TransactionalPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates and changes shops. order-ingest owns them: every change is published as a {@link ShopUpdated} on the
 * compacted shops topic (key = shop id) inside the database transaction, so the topic and the
 * table agree.
 */
@Service
class ShopService {

  private static final Logger log = LoggerFactory.getLogger(ShopService.class);

  private final ShopRepository shops;
  private final TransactionalPublisher publisher;
  private final TransactionTemplate transaction;
  private final IngestProperties properties;
  private final Clock clock;

  public ShopService(
      ShopRepository shops,
      TransactionalPublisher publisher,
      TransactionTemplate transaction,
      IngestProperties properties,
      Clock clock) {
    this.shops = shops;
    this.publisher = publisher;
    this.transaction = transaction;
    this.properties = properties;
    this.clock = clock;
  }

  /** Creates the shop and its first API key; the answer is the only place the key ever appears. */
  public ShopView create(Shop requested) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Shop shop =
        new Shop(
            requested.shopId(),
            requested.name(),
            requested.smsDelay(),
            requested.smsFrom(),
            requested.timeZone(),
            requested.phoneRegion(),
            now,
            now);
    String apiKey = ApiKeys.generate();
    try {
      ShopView created =
          transaction.execute(
              status -> {
                if (!shops.insert(shop)) {
                  throw new ShopExistsException(shop.shopId());
                }
                shops.insertKey(shop.shopId(), ApiKeys.sha256Hex(apiKey), now);
                List<String> liveKeys = shops.liveKeyDigests(shop.shopId(), now);
                publisher.publish(List.of(shopUpdated(shop, liveKeys)));
                return ShopView.of(shop, liveKeys.size(), apiKey);
              });
      log.info(
          "shop created shopId={} smsDelay={} timeZone={} phoneRegion={}",
          shop.shopId(),
          shop.smsDelay(),
          shop.timeZone(),
          shop.phoneRegion());
      return created;
    } catch (PublishFailedException e) {
      log.warn("shop not created shopId={}: Kafka unavailable: {}", shop.shopId(), e.getMessage());
      throw new ShopsUnavailableException("Kafka is unavailable; the shop was not created. Retry later.", e);
    } catch (TransientDataAccessException | DataAccessResourceFailureException | CannotCreateTransactionException
        | TransactionSystemException e) {
      log.warn("shop not created shopId={}: database unavailable: {}", shop.shopId(), e.getMessage());
      throw new ShopsUnavailableException("The database is unavailable; the shop was not created. Retry later.", e);
    }
  }

  public ShopView find(String shopId) {
    Shop shop =
        shops.find(shopId).orElseThrow(() -> ShopNotFoundException.shop(shopId));
    return ShopView.of(shop, shops.liveKeyDigests(shopId, clock.instant()).size(), null);
  }

  /**
   * Sets (or, with null, clears) the region the shop's buyer numbers without + are read in. Events
   * read after the answer use it: ingest reads the region from the table for each request.
   */
  public ShopView changePhoneRegion(String shopId, String phoneRegion) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    ShopView changed =
        publishing(
            "the shop was not changed",
            () -> {
              Shop shop = shops.findForUpdate(shopId).orElseThrow(() -> ShopNotFoundException.shop(shopId));
              if (Objects.equals(shop.phoneRegion(), phoneRegion)) {
                return ShopView.of(shop, shops.liveKeyDigests(shopId, now).size(), null);
              }
              Shop updated = shop.withPhoneRegion(phoneRegion, now);
              shops.updatePhoneRegion(updated);
              List<String> liveKeys = shops.liveKeyDigests(shopId, now);
              // the region does not travel (the events carry E.164 numbers); updatedAt does, so topic and table agree
              publisher.publish(List.of(shopUpdated(updated, liveKeys)));
              return ShopView.of(updated, liveKeys.size(), null);
            });
    log.info("shop changed shopId={} phoneRegion={}", shopId, phoneRegion);
    return changed;
  }

  public List<ApiKeyView> keys(String shopId) {
    existing(shopId);
    return shops.keys(shopId, clock.instant());
  }

  /**
   * Issues a new key and lets the shop's other keys work for {@code overlap} more (zero: they stop
   * now), so a shop can switch its integrations without a gap. The new key is shown once.
   */
  public ApiKeyView rotateKey(String shopId, Duration overlap) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String apiKey = ApiKeys.generate();
    String digest = ApiKeys.sha256Hex(apiKey);
    publishing(
        "the key was not rotated",
        () -> {
          Shop shop = existing(shopId);
          shops.insertKey(shopId, digest, now);
          shops.retireOtherKeys(shopId, digest, now.plus(overlap), now);
          publisher.publish(List.of(shopUpdated(shop, shops.liveKeyDigests(shopId, now))));
        });
    log.info("api key rotated shopId={} keyId={} overlap={}", shopId, ApiKeyView.idOf(digest), overlap);
    return new ApiKeyView(ApiKeyView.idOf(digest), now, null, true, apiKey);
  }

  /** Makes one key stop working now, here and (through the shops topic) in reminder-service. */
  public void revokeKey(String shopId, String keyId) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    publishing(
        "the key was not revoked",
        () -> {
          Shop shop = existing(shopId);
          if (!shops.revokeNow(shopId, keyId, now)) {
            throw ShopNotFoundException.liveKey(shopId, keyId);
          }
          publisher.publish(List.of(shopUpdated(shop, shops.liveKeyDigests(shopId, now))));
        });
    log.info("api key revoked shopId={} keyId={}", shopId, keyId);
  }

  /**
   * Tells the shops topic of keys whose overlap has ended, so that they stop working in
   * reminder-service too; returns the shops published. Repeating it is harmless (compacted topic).
   */
  public int publishRetiredKeys() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    int published = 0;
    for (String shopId : shops.shopsWithUnpublishedRetiredKeys(now)) {
      publishing(
          "retired keys not published yet",
          () -> {
            publisher.publish(List.of(shopUpdated(existing(shopId), shops.liveKeyDigests(shopId, now))));
            shops.markRetiredPublished(shopId, now);
          });
      log.info("api keys retired shopId={}", shopId);
      published++;
    }
    return published;
  }

  private Shop existing(String shopId) {
    return shops.find(shopId).orElseThrow(() -> ShopNotFoundException.shop(shopId));
  }

  /** Runs a change of keys and its ShopUpdated in one transaction; unavailability is a 503. */
  private void publishing(String whatFailed, Runnable change) {
    publishing(
        whatFailed,
        () -> {
          change.run();
          return null;
        });
  }

  /** Runs a change and its ShopUpdated in one transaction; unavailability is a 503. */
  private <T> T publishing(String whatFailed, Supplier<T> change) {
    try {
      return transaction.execute(status -> change.get());
    } catch (PublishFailedException e) {
      throw new ShopsUnavailableException("Kafka is unavailable; " + whatFailed + ". Retry later.", e);
    } catch (TransientDataAccessException | DataAccessResourceFailureException | CannotCreateTransactionException
        | TransactionSystemException e) {
      throw new ShopsUnavailableException("The database is unavailable; " + whatFailed + ". Retry later.", e);
    }
  }

  private ProducerRecord<String, Object> shopUpdated(Shop shop, List<String> liveKeys) {
    ShopUpdated event =
        new ShopUpdated(
            ShopUpdated.SCHEMA_VERSION,
            shop.shopId(),
            shop.name(),
            liveKeys,
            shop.smsDelay(),
            shop.smsFrom(),
            shop.timeZone(),
            shop.updatedAt(),
            shop.phoneRegion());
    return new ProducerRecord<>(properties.topics().shops(), shop.shopId(), event);
  }
}
