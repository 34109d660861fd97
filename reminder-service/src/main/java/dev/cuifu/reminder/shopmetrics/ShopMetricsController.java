package dev.cuifu.reminder.shopmetrics;

import dev.cuifu.common.shop.ApiKeyDigest;
import dev.cuifu.reminder.shop.ShopAuthenticator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/metrics/daily}, with the shop's API key. */
@RestController
@Tag(name = "shop metrics", description = "Orders placed, paid, closed, loss ratio, amounts, recovery per channel, loss reasons, per day")
class ShopMetricsController {

  private final ShopAuthenticator authenticator;
  private final ShopMetrics metrics;

  ShopMetricsController(ShopAuthenticator authenticator, ShopMetrics metrics) {
    this.authenticator = authenticator;
    this.metrics = metrics;
  }

  @GetMapping(path = "/api/v1/metrics/daily", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "The shop's metrics per day (its time zone), for the orders placed that day; 400 names each bad parameter")
  ShopMetrics.Report daily(
      @Parameter(in = ParameterIn.HEADER, name = ApiKeyDigest.HEADER, required = true)
          @RequestHeader(name = ApiKeyDigest.HEADER, required = false)
          String apiKey,
      @Parameter(description = "first day, ISO date; default: 6 days before to", example = "2026-11-11") @RequestParam(required = false) String from,
      @Parameter(description = "last day, included, ISO date; default: the shop's today", example = "2026-11-17") @RequestParam(required = false) String to) {
    return metrics.daily(authenticator.authenticate(apiKey), from, to);
  }
}
