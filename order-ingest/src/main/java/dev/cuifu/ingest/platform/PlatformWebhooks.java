package dev.cuifu.ingest.platform;

import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.ingest.event.EventIngestService;
import dev.cuifu.ingest.event.EventReader;
import dev.cuifu.ingest.event.IngestResult;
import dev.cuifu.ingest.metrics.IngestMetrics;
import dev.cuifu.ingest.web.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * The path of every platform's webhook once its controller has the raw body: find the shop by the
 * store's name, verify the signature over the raw bytes with that shop's secret (before anything is
 * parsed), and hand the events the adapter made to the same stamping, validation and transactional
 * publishing as the native event API.
 */
@Service
public class PlatformWebhooks {

  private static final Logger log = LoggerFactory.getLogger(PlatformWebhooks.class);

  // verified against when the store is unknown, so that an unknown store takes as long as a bad signature
  private static final String UNKNOWN_STORE_SECRET = "no-store-has-this-secret-0123456789";

  private final PlatformConnectionRepository connections;
  private final EventReader reader;
  private final EventIngestService ingest;
  private final IngestMetrics metrics;

  PlatformWebhooks(
      PlatformConnectionRepository connections, EventReader reader, EventIngestService ingest, IngestMetrics metrics) {
    this.connections = connections;
    this.reader = reader;
    this.ingest = ingest;
    this.metrics = metrics;
  }

  /**
   * The shop whose store this is, when the signature verifies with its secret; otherwise a
   * {@link WebhookRejectedException} that does not say which of the two failed.
   */
  public String verifiedShop(Platform platform, String store, String signature, byte[] body) {
    byte[] raw = body == null ? new byte[0] : body;
    return verifiedShop(platform, store, secret -> WebhookSignatures.verifies(raw, secret, signature));
  }

  /** Like {@link #verifiedShop(Platform, String, String, byte[])}, for a signature scheme of the platform's own. */
  public String verifiedShop(Platform platform, String store, Predicate<String> verifiesWithSecret) {
    Optional<PlatformConnection> connection;
    try {
      connection = platform.normalisedAccount(store).flatMap(account -> connections.findByAccount(platform, account));
    } catch (DataAccessException e) {
      metrics.rejected(IngestMetrics.Reason.UNAVAILABLE);
      log.warn("webhook rejected platform={} reason=unavailable: cannot look the store up: {}", platform.id(), e.getMessage());
      throw new PlatformsUnavailableException("The service cannot check webhooks right now; deliver again later.", e);
    }
    boolean verified = verifiesWithSecret.test(connection.map(PlatformConnection::secret).orElse(UNKNOWN_STORE_SECRET));
    if (connection.isEmpty() || !verified) {
      metrics.rejected(IngestMetrics.Reason.UNAUTHORIZED);
      log.info(
          "webhook rejected platform={} reason={}",
          platform.id(),
          connection.isEmpty() ? "unknown-store" : "bad-signature shop=" + connection.get().shopId());
      throw new WebhookRejectedException();
    }
    return connection.get().shopId();
  }

  /** A delivery id fit for a log line (the header is not signed): letters, digits, '-', at most 64. */
  public static String deliveryId(String header) {
    if (header == null) {
      return "-";
    }
    String kept = header.replaceAll("[^A-Za-z0-9-]", "");
    return kept.isEmpty() ? "-" : kept.substring(0, Math.min(64, kept.length()));
  }

  /**
   * Stamps and validates each event as the event API does; publishes the valid ones (a step of the
   * order told before is a duplicate, whatever its timestamps); lists the others as skipped.
   */
  public WebhookResult ingest(String shopId, Platform platform, String delivery, List<OrderEvent> events, List<FieldProblem> skipped) {
    List<FieldProblem> problems = new ArrayList<>(skipped);
    List<OrderEvent> valid = new ArrayList<>();
    for (OrderEvent event : events) {
      OrderEvent checked = reader.check(event, event.getClass().getSimpleName(), shopId, problems);
      if (checked != null) {
        valid.add(checked);
      }
    }
    if (!problems.isEmpty()) {
      metrics.rejected(IngestMetrics.Reason.INVALID);
    }
    IngestResult result =
        valid.isEmpty() ? new IngestResult(0, 0) : ingest.ingest(shopId, valid, EventIngestService.ReusedIds.FIRST_STANDS);
    log.info(
        "webhook handled platform={} shop={} delivery={} accepted={} duplicates={} skipped={}",
        platform.id(),
        shopId,
        delivery,
        result.accepted(),
        result.duplicates(),
        problems.stream().map(FieldProblem::field).toList());
    return new WebhookResult(result.accepted(), result.duplicates(), List.copyOf(problems));
  }
}
