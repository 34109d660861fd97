package dev.cuifu.ingest.event;

import dev.cuifu.common.event.OrderClosed;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.event.OrderPaid;
import dev.cuifu.ingest.metrics.IngestMetrics;
import dev.cuifu.ingest.shop.AuthenticatedShop;
import dev.cuifu.ingest.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Order events from shops, authenticated by {@code X-Api-Key}. Bodies are parsed with the event
 * contract's own JSON mapping; {@code shopId} and {@code schemaVersion} are set by the server.
 */
@RestController
@RequestMapping(path = "/api/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "events", description = "Order events from shops")
@ApiResponse(responseCode = "400", description = "Malformed JSON (with line and column) or invalid fields: `errors` names every bad field",
    content = @Content(mediaType = "application/problem+json"))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked X-Api-Key",
    content = @Content(mediaType = "application/problem+json"))
@ApiResponse(responseCode = "503", description = "Kafka is unavailable: nothing was accepted; retry after Retry-After seconds",
    content = @Content(mediaType = "application/problem+json"))
class EventController {

  private static final Logger log = LoggerFactory.getLogger(EventController.class);

  static final String CREATED_EXAMPLE =
      """
      {"type": "OrderCreated", "eventId": "evt-1001", "orderId": "o-1001",
       "occurredAt": "2025-06-01T08:00:00Z", "buyerId": "b-42", "buyerPhone": "+86 138 0013 8000",
       "amount": {"minor": 12900, "currency": "CNY"}, "itemSummary": "Tea set",
       "paymentDeadline": "2025-06-04T08:00:00Z"}""";

  private final EventReader reader;
  private final EventIngestService ingest;
  private final IngestMetrics metrics;

  public EventController(EventReader reader, EventIngestService ingest, IngestMetrics metrics) {
    this.reader = reader;
    this.ingest = ingest;
    this.metrics = metrics;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Post one order event",
      description =
          "The event's `type` selects its schema. `shopId` and `schemaVersion` need not be sent: the server sets them"
              + " (the shop from the API key). The phone number is normalised to E.164: one without + and country"
              + " code is read in the shop's phoneRegion (refused when it has none), and one an SMS cannot reach"
              + " (fixed line, toll-free, …) is refused with the reason. An event id the shop sent"
              + " before is acknowledged again but not published twice.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON_VALUE,
                      schema =
                          @Schema(
                              oneOf = {OrderCreated.class, OrderPaid.class, OrderClosed.class},
                              discriminatorProperty = "type",
                              discriminatorMapping = {
                                @DiscriminatorMapping(value = OrderCreated.TYPE, schema = OrderCreated.class),
                                @DiscriminatorMapping(value = OrderPaid.TYPE, schema = OrderPaid.class),
                                @DiscriminatorMapping(value = OrderClosed.TYPE, schema = OrderClosed.class)
                              }),
                      examples = @ExampleObject(name = "OrderCreated", value = CREATED_EXAMPLE))),
      responses =
          @ApiResponse(
              responseCode = "202",
              description = "On Kafka (acknowledged by the broker)",
              content = @Content(schema = @Schema(implementation = IngestResult.class))))
  public ResponseEntity<IngestResult> post(
      @Parameter(hidden = true) AuthenticatedShop shop, @RequestBody byte[] body) {
    OrderEvent event = validated(shop, () -> reader.readOne(body, shop.shopId()));
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(ingest.ingest(shop.shopId(), List.of(event)));
  }

  @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Post a batch of order events",
      description =
          "`{\"events\": [...]}` with 1 to cuifu.ingest.max-batch-size (default 1000) events, accepted all together"
              + " or not at all. Errors are named `events[i].field`.",
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON_VALUE,
                      schema = @Schema(implementation = EventBatchRequest.class))),
      responses =
          @ApiResponse(
              responseCode = "202",
              description = "On Kafka (acknowledged by the broker)",
              content = @Content(schema = @Schema(implementation = IngestResult.class))))
  public ResponseEntity<IngestResult> postBatch(
      @Parameter(hidden = true) AuthenticatedShop shop, @RequestBody byte[] body) {
    List<OrderEvent> events = validated(shop, () -> reader.readBatch(body, shop.shopId()));
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(ingest.ingest(shop.shopId(), events));
  }

  private <T> T validated(AuthenticatedShop shop, Supplier<T> read) {
    try {
      return read.get();
    } catch (InvalidRequestException e) {
      metrics.rejected(IngestMetrics.Reason.INVALID);
      log.info(
          "events rejected reason=invalid shop={} detail=\"{}\" fields={}",
          shop.shopId(),
          e.getMessage(),
          e.errors().stream().map(p -> p.field()).toList());
      throw e;
    }
  }
}
