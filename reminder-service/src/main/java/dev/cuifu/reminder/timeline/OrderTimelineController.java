package dev.cuifu.reminder.timeline;

import dev.cuifu.common.shop.ApiKeyDigest;
import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.shop.ShopAuthenticator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * An order's whole story for the shop's staff: the events received and every decision about its
 * touches (planned, skipped, deferred, merged, sent, cancelled, expired…), in time order, each
 * with its reason.
 */
@RestController
class OrderTimelineController {

  /**
   * One line of the story. {@code kind} is {@code EVENT} or {@code TOUCH}; {@code what} is the
   * event type or the decision.
   */
  record Entry(Instant at, String kind, String what, Integer tier, String channel, Long touchId, String reason) {}

  record Timeline(String orderId, String status, boolean stockProblem, List<Entry> entries) {}

  private final JdbcClient jdbc;
  private final ShopAuthenticator shops;

  OrderTimelineController(JdbcClient jdbc, ShopAuthenticator shops) {
    this.jdbc = jdbc;
    this.shops = shops;
  }

  @Operation(summary = "The order's story: events received and every touch decision, with reasons")
  @GetMapping("/api/v1/orders/{orderId}/timeline")
  Timeline timeline(
      @Parameter(in = ParameterIn.HEADER, name = ApiKeyDigest.HEADER, required = true)
          @RequestHeader(name = ApiKeyDigest.HEADER, required = false)
          String apiKey,
      @PathVariable String orderId) {
    String shopId = shops.authenticate(apiKey);
    Timeline head =
        jdbc.sql("select status, stock_problem from buyer_order where shop_id = ? and order_id = ?")
            .params(shopId, orderId)
            .query((rs, n) -> new Timeline(orderId, rs.getString("status"), rs.getBoolean("stock_problem"), List.of()))
            .optional()
            .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no order " + orderId + " for this shop"));
    List<Entry> events =
        jdbc.sql(
                """
                select coalesce(occurred_at, processed_at) as at, event_type, event_id, processed_at
                from processed_event where shop_id = ? and order_id = ?
                """)
            .params(shopId, orderId)
            .query(
                (rs, n) ->
                    new Entry(
                        Timestamps.fromDb(rs, "at"), "EVENT", rs.getString("event_type"), null, null, null,
                        "event " + rs.getString("event_id") + " received " + Timestamps.fromDb(rs, "processed_at")))
            .list();
    List<Entry> decisions =
        jdbc.sql(
                """
                select decided_at, decision, tier, channel, touch_id, reason
                from touch_decision where shop_id = ? and order_id = ? order by decision_id
                """)
            .params(shopId, orderId)
            .query(
                (rs, n) ->
                    new Entry(
                        Timestamps.fromDb(rs, "decided_at"), "TOUCH", rs.getString("decision"),
                        (Integer) rs.getObject("tier"), rs.getString("channel"), (Long) rs.getObject("touch_id"),
                        rs.getString("reason")))
            .list();
    List<Entry> entries =
        Stream.concat(events.stream(), decisions.stream())
            .sorted(Comparator.comparing(Entry::at))
            .toList();
    return new Timeline(orderId, head.status(), head.stockProblem(), entries);
  }
}
