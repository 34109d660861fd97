package dev.cuifu.ingest.shop;

import dev.cuifu.common.event.ShopUpdated;
import dev.cuifu.ingest.config.IngestProperties;
import dev.cuifu.ingest.kafka.PublishFailedException;
import dev.cuifu.ingest.kafka.TransactionalPublisher;
import dev.cuifu.ingest.web.ConflictException;
import dev.cuifu.ingest.web.NotFoundException;
import dev.cuifu.ingest.web.UnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates shops. order-ingest owns them: every change is published as a {@link ShopUpdated} on the
 * compacted shops topic (key = shop id) inside the database transaction, so the topic and the
 * table agree.
 */
@Service
public class ShopService {

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
        new Shop(requested.shopId(), requested.name(), requested.smsDelay(), requested.smsFrom(), requested.timeZone(), now, now);
    String apiKey = ApiKeys.generate();
    try {
      ShopView created =
          transaction.execute(
              status -> {
                if (!shops.insert(shop)) {
                  throw new ConflictException("A shop with id '%s' exists already.".formatted(shop.shopId()));
                }
                shops.insertKey(shop.shopId(), ApiKeys.sha256Hex(apiKey), now);
                List<String> liveKeys = shops.liveKeyDigests(shop.shopId());
                publisher.publish(List.of(shopUpdated(shop, liveKeys)));
                return ShopView.of(shop, liveKeys.size(), apiKey);
              });
      log.info("shop created shopId={} smsDelay={} timeZone={}", shop.shopId(), shop.smsDelay(), shop.timeZone());
      return created;
    } catch (PublishFailedException e) {
      log.warn("shop not created shopId={}: Kafka unavailable: {}", shop.shopId(), e.getMessage());
      throw new UnavailableException("Kafka is unavailable; the shop was not created. Retry later.", e);
    } catch (TransientDataAccessException | DataAccessResourceFailureException | CannotCreateTransactionException e) {
      log.warn("shop not created shopId={}: database unavailable: {}", shop.shopId(), e.getMessage());
      throw new UnavailableException("The database is unavailable; the shop was not created. Retry later.", e);
    }
  }

  public ShopView find(String shopId) {
    Shop shop =
        shops.find(shopId).orElseThrow(() -> new NotFoundException("There is no shop '%s'.".formatted(shopId)));
    return ShopView.of(shop, shops.liveKeyDigests(shopId).size(), null);
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
            shop.updatedAt());
    return new ProducerRecord<>(properties.topics().shops(), shop.shopId(), event);
  }
}
