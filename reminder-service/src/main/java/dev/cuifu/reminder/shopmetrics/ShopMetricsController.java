package dev.cuifu.reminder.shopmetrics;

import dev.cuifu.reminder.shop.AuthenticatedShop;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/metrics/daily}, with the shop's API key. */
@RestController
@Tag(name = "shop metrics", description = "Orders placed, paid, closed, loss ratio, amounts, recovery per channel, loss reasons, per day")
class ShopMetricsController {

  private final ShopMetrics metrics;

  ShopMetricsController(ShopMetrics metrics) {
    this.metrics = metrics;
  }

  @GetMapping(path = "/api/v1/metrics/daily", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "The shop's metrics per day (its time zone), for the orders placed that day; 400 names each bad parameter")
  ShopMetrics.Report daily(
      @Parameter(hidden = true) AuthenticatedShop shop,
      @Parameter(description = "first day, ISO date; default: 6 days before to", example = "2026-11-11") @RequestParam(required = false) String from,
      @Parameter(description = "last day, included, ISO date; default: the shop's today", example = "2026-11-17") @RequestParam(required = false) String to) {
    return metrics.daily(shop.shopId(), from, to);
  }
}
