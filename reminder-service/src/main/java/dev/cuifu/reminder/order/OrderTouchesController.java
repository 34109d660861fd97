package dev.cuifu.reminder.order;

import dev.cuifu.common.shop.ApiKeyDigest;
import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.shop.ShopAuthenticator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Lets a shop see what Cuifu planned, sent or cancelled for one of its orders, and why. */
@RestController
class OrderTouchesController {

  record TouchView(
      int tier,
      String channel,
      String state,
      Instant dueAt,
      String reason,
      String providerMessageId,
      Instant sentAt) {}

  record OrderTouchesView(String orderId, String status, List<TouchView> touches) {}

  private final JdbcClient jdbc;
  private final ShopAuthenticator shops;

  OrderTouchesController(JdbcClient jdbc, ShopAuthenticator shops) {
    this.jdbc = jdbc;
    this.shops = shops;
  }

  @Operation(summary = "The reminders of one order: planned, sent, cancelled or failed, with reasons")
  @GetMapping("/api/v1/orders/{orderId}/touches")
  OrderTouchesView touches(
      @Parameter(in = ParameterIn.HEADER, name = ApiKeyDigest.HEADER, required = true)
          @RequestHeader(name = ApiKeyDigest.HEADER, required = false)
          String apiKey,
      @PathVariable String orderId) {
    String shopId = shops.authenticate(apiKey);
    String status =
        jdbc.sql("select status from buyer_order where shop_id = ? and order_id = ?")
            .params(shopId, orderId)
            .query(String.class)
            .optional()
            .orElseThrow(
                () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no order " + orderId + " for this shop"));
    List<TouchView> touches =
        jdbc.sql(
                """
                select tier, channel, state, due_at, state_reason, provider_message_id, sent_at
                from touch where shop_id = ? and order_id = ? order by tier
                """)
            .params(shopId, orderId)
            .query(
                (rs, n) ->
                    new TouchView(
                        rs.getInt("tier"),
                        rs.getString("channel"),
                        rs.getString("state"),
                        Timestamps.fromDb(rs, "due_at"),
                        rs.getString("state_reason"),
                        rs.getString("provider_message_id"),
                        Timestamps.fromDb(rs, "sent_at")))
            .list();
    return new OrderTouchesView(orderId, status, touches);
  }
}
