package dev.cuifu.reminder.dashboard;

import dev.cuifu.reminder.experiment.Experiments;
import dev.cuifu.reminder.security.AgentUser;
import dev.cuifu.reminder.shopmetrics.ShopMetrics;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the dashboard draws, in one call, for the signed-in SHOP_ADMIN's shop only (the shop comes
 * from the admin's row, never from the request): the same figures as {@code GET
 * /api/v1/metrics/daily} and {@code GET /api/v1/experiments/{id}/stats}.
 */
@RestController
@Tag(name = "shop dashboard", description = "The dashboard page's data, for a shop admin signed in with HTTP Basic")
class DashboardController {

  /** Experiments shown: the running ones first, then the latest stopped. */
  static final int EXPERIMENTS = 3;

  record Overview(String username, String displayName, String shopId, ShopMetrics.Report metrics, List<Record> experiments) {}

  private final ShopMetrics metrics;
  private final Experiments experiments;

  DashboardController(ShopMetrics metrics, Experiments experiments) {
    this.metrics = metrics;
    this.experiments = experiments;
  }

  @GetMapping(path = "/dashboard/api/overview", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Daily metrics (from/to as in /api/v1/metrics/daily) and the newest experiments' statistics")
  Overview overview(
      @AuthenticationPrincipal AgentUser admin,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    return new Overview(
        admin.getUsername(), admin.displayName(), admin.shopId(), metrics.daily(admin.shopId(), from, to),
        experiments.newestStats(admin.shopId(), EXPERIMENTS));
  }
}
