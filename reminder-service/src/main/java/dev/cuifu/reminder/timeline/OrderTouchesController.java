package dev.cuifu.reminder.timeline;

import dev.cuifu.reminder.shop.AuthenticatedShop;
import dev.cuifu.reminder.timeline.OrderStoryQueries.TouchView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Lets a shop see what Cuifu planned, sent or cancelled for one of its orders, and why. */
@RestController
class OrderTouchesController {

  record OrderTouchesView(String orderId, String status, List<TouchView> touches) {}

  private final OrderStoryQueries queries;

  OrderTouchesController(OrderStoryQueries queries) {
    this.queries = queries;
  }

  @Operation(summary = "The reminders of one order: planned, sent, cancelled or failed, with reasons")
  @GetMapping("/api/v1/orders/{orderId}/touches")
  OrderTouchesView touches(@Parameter(hidden = true) AuthenticatedShop shop, @PathVariable String orderId) {
    String status = queries.order(shop.shopId(), orderId).status();
    return new OrderTouchesView(orderId, status, queries.touches(shop.shopId(), orderId));
  }
}
