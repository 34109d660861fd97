package dev.cuifu.ingest.event;

import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.ingest.config.IngestProperties;
import dev.cuifu.ingest.kafka.PublishFailedException;
import dev.cuifu.ingest.kafka.TransactionalPublisher;
import dev.cuifu.ingest.metrics.IngestMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * Accepts validated events of one shop: in one database transaction, records the event ids not
 * seen before in {@code accepted_event}, publishes exactly those in one Kafka transaction (which
 * commits only when the broker acknowledged every record), then commits the database. A Kafka
 * failure rolls the database back, so nothing is half-accepted and a retry is accepted in full.
 *
 * <p>The one window left: Kafka committed but the database commit fails. The client then gets an
 * error and retries; the events go out a second time, and consumers dedup by event id.
 */
@Service
public class EventIngestService {

  private static final Logger log = LoggerFactory.getLogger(EventIngestService.class);

  private final AcceptedEventRepository acceptedEvents;
  private final TransactionalPublisher publisher;
  private final TransactionTemplate transaction;
  private final IngestMetrics metrics;
  private final IngestProperties properties;
  private final Clock clock;

  public EventIngestService(
      AcceptedEventRepository acceptedEvents,
      TransactionalPublisher publisher,
      TransactionTemplate transaction,
      IngestMetrics metrics,
      IngestProperties properties,
      Clock clock) {
    this.acceptedEvents = acceptedEvents;
    this.publisher = publisher;
    this.transaction = transaction;
    this.metrics = metrics;
    this.properties = properties;
    this.clock = clock;
  }

  /** What a known event id with other content means. */
  public enum ReusedIds {
    /** A conflict (409): the shop chose the id, and a new event needs a new one. */
    REFUSE,
    /**
     * A duplicate: the id names a step in an order's life (a platform adapter's
     * {@code shopify:<order>:paid}), which happens once; a later telling of it, with other
     * timestamps, changes nothing.
     */
    FIRST_STANDS
  }

  public IngestResult ingest(String shopId, List<OrderEvent> events) {
    return ingest(shopId, events, ReusedIds.REFUSE);
  }

  public IngestResult ingest(String shopId, List<OrderEvent> events, ReusedIds reusedIds) {
    boolean refuse = reusedIds == ReusedIds.REFUSE;
    Map<String, OrderEvent> distinct = new LinkedHashMap<>();
    List<String> reused = new ArrayList<>();
    for (OrderEvent event : events) {
      OrderEvent first = distinct.putIfAbsent(event.eventId(), event);
      if (refuse && first != null && !first.equals(event) && !reused.contains(event.eventId())) {
        reused.add(event.eventId());
      }
    }
    if (!reused.isEmpty()) {
      metrics.rejected(IngestMetrics.Reason.CONFLICT);
      throw new EventIdReusedException(reused);
    }
    List<PublishedEvent> candidates = distinct.values().stream().map(PublishedEvent::of).toList();
    List<OrderEvent> published;
    try {
      published =
          transaction.execute(
              status -> {
                AcceptedEventRepository.Outcome ledger = acceptedEvents.insertNew(shopId, candidates, clock.instant());
                if (refuse && !ledger.reusedWithOtherContent().isEmpty()) {
                  // thrown inside the transaction: the ledger rows of this request roll back
                  throw new EventIdReusedException(ledger.reusedWithOtherContent());
                }
                Set<String> fresh = ledger.fresh();
                List<PublishedEvent> toPublish =
                    candidates.stream().filter(e -> fresh.contains(e.event().eventId())).toList();
                publisher.publish(toPublish.stream().map(this::record).toList());
                return toPublish.stream().map(PublishedEvent::event).toList();
              });
    } catch (EventIdReusedException e) {
      metrics.rejected(IngestMetrics.Reason.CONFLICT);
      log.info("events rejected reason=event-id-reused shop={} events={}", shopId, events.size());
      throw e;
    } catch (PublishFailedException e) {
      metrics.rejected(IngestMetrics.Reason.UNAVAILABLE);
      log.warn("events rejected reason=unavailable shop={} events={}: {}", shopId, events.size(), e.getMessage());
      throw new EventsUnavailableException("Kafka is unavailable; no event was accepted. Retry the request later.", e);
    } catch (TransientDataAccessException | DataAccessResourceFailureException | CannotCreateTransactionException
        | TransactionSystemException e) {
      // a failed commit (the database went away during it) leaves the outcome unknown: a retry is
      // safe, the ledger answers an event that did get through as a duplicate
      metrics.rejected(IngestMetrics.Reason.UNAVAILABLE);
      log.warn("events rejected reason=unavailable shop={} events={}: database: {}", shopId, events.size(), e.getMessage());
      throw new EventsUnavailableException(
          "The database is unavailable. Retry the request later: an event that got through is counted as a duplicate, not twice.", e);
    }
    IngestResult result = new IngestResult(published.size(), events.size() - published.size());
    Map<String, Integer> byType = new TreeMap<>();
    published.forEach(e -> byType.merge(type(e), 1, Integer::sum));
    byType.forEach(metrics::accepted);
    if (result.duplicates() > 0) {
      metrics.duplicates(result.duplicates());
    }
    log.info(
        "events accepted shop={} accepted={} duplicates={} types={} first={}",
        shopId,
        result.accepted(),
        result.duplicates(),
        byType,
        events.get(0));
    return result;
  }

  private ProducerRecord<String, Object> record(PublishedEvent published) {
    return new ProducerRecord<>(properties.topics().orders(), published.event().key(), published.json());
  }

  static String type(OrderEvent event) {
    return event.getClass().getSimpleName();
  }
}
