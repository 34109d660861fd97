package dev.cuifu.reminder.dashboard;

import dev.cuifu.reminder.experiment.ExperimentSeries;
import dev.cuifu.reminder.experiment.Experiments;
import dev.cuifu.reminder.policy.ShopPolicies;
import dev.cuifu.reminder.policy.StoredPolicy;
import dev.cuifu.reminder.security.AgentUser;
import dev.cuifu.reminder.shopmetrics.ShopMetrics;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the dashboard draws, in one call, for the signed-in SHOP_ADMIN's shop only (the shop comes
 * from the admin's row, never from the request): the same figures as {@code GET
 * /api/v1/metrics/daily} and {@code GET /api/v1/experiments/{id}/stats} and {@code .../history}, plus
 * each experiment's recovery and lift per day since it started and the shop's zone and today, which the page's range
 * presets and times go by. {@code /dashboard/api/policy} gives the page the shop's policy for its
 * backtest form, which posts to {@code /dashboard/api/backtests} (backtest.BacktestController).
 */
@RestController
@Tag(name = "shop dashboard", description = "The dashboard page's data, for a shop admin signed in with HTTP Basic")
class DashboardController {

  /** Experiments shown: the running ones first, then the latest stopped. */
  static final int EXPERIMENTS = 3;

  /**
   * @param timeZone the shop's zone, in which {@code today} and every day of {@code metrics} are counted
   *     and in which the page shows times
   * @param today the shop's today (the range presets count back from it)
   * @param generatedAt when these figures were read
   * @param experimentSeries the experiments of {@code experiments}, same order, per day from each
   *     one's start to the range's last day
   * @param experimentHistory the same experiments' histories, same order, oldest change first
   */
  record Overview(
      String username,
      String displayName,
      String shopId,
      String timeZone,
      LocalDate today,
      Instant generatedAt,
      ShopMetrics.Report metrics,
      List<Record> experiments,
      List<ExperimentSeries> experimentSeries,
      List<List<? extends Record>> experimentHistory) {}

  private final ShopMetrics metrics;
  private final Experiments experiments;
  private final ShopPolicies policies;
  private final Clock clock;

  DashboardController(ShopMetrics metrics, Experiments experiments, ShopPolicies policies, Clock clock) {
    this.metrics = metrics;
    this.experiments = experiments;
    this.policies = policies;
    this.clock = clock;
  }

  @GetMapping(path = "/dashboard/api/overview", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Daily metrics (from/to as in /api/v1/metrics/daily), the newest experiments' statistics and their recovery and lift per day")
  Overview overview(
      @AuthenticationPrincipal AgentUser admin,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    Instant now = clock.instant();
    ShopMetrics.Report report = metrics.daily(admin.shopId(), from, to);
    ZoneId zone = ZoneId.of(report.timeZone());
    return new Overview(
        admin.getUsername(), admin.displayName(), admin.shopId(), report.timeZone(), LocalDate.ofInstant(now, zone), now, report,
        experiments.newestStats(admin.shopId(), EXPERIMENTS),
        experiments.newestSeries(admin.shopId(), EXPERIMENTS, zone, report.to()),
        experiments.newestHistories(admin.shopId(), EXPERIMENTS));
  }

  /** The shop's policy as {@code GET /api/v1/policy} gives it: what the page's backtest starts from. */
  @GetMapping(path = "/dashboard/api/policy", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "The shop's reminder policy (the defaults until it stores one), as GET /api/v1/policy; the backtest form starts from it")
  StoredPolicy policy(@AuthenticationPrincipal AgentUser admin) {
    return policies.find(admin.shopId());
  }
}
