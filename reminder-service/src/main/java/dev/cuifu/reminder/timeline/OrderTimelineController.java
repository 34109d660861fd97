package dev.cuifu.reminder.timeline;

import dev.cuifu.reminder.shop.AuthenticatedShop;
import dev.cuifu.reminder.timeline.OrderStoryQueries.Entry;
import dev.cuifu.reminder.timeline.OrderStoryQueries.OrderHead;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * An order's whole story for the shop's staff: the events received and every decision about its
 * touches (planned, skipped, deferred, merged, sent, cancelled, expired…), in time order, each
 * with its reason.
 */
@RestController
class OrderTimelineController {

  record Timeline(String orderId, String status, boolean stockProblem, List<Entry> entries) {}

  private final OrderStoryQueries queries;

  OrderTimelineController(OrderStoryQueries queries) {
    this.queries = queries;
  }

  @Operation(summary = "The order's story: events received and every touch decision, with reasons")
  @GetMapping("/api/v1/orders/{orderId}/timeline")
  Timeline timeline(@Parameter(hidden = true) AuthenticatedShop shop, @PathVariable String orderId) {
    OrderHead head = queries.order(shop.shopId(), orderId);
    List<Entry> entries =
        Stream.concat(queries.events(shop.shopId(), orderId).stream(), queries.decisions(shop.shopId(), orderId).stream())
            .sorted(Comparator.comparing(Entry::at))
            .toList();
    return new Timeline(orderId, head.status(), head.stockProblem(), entries);
  }
}
