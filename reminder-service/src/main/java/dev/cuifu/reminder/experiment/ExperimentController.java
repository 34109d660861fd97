package dev.cuifu.reminder.experiment;

import dev.cuifu.reminder.shop.AuthenticatedShop;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A shop's experiments: {@code /api/v1/experiments}, authenticated with the shop's API key. */
@RestController
@RequestMapping(path = "/api/v1/experiments", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "experiments", description = "Script and delay variants per tier, with a holdout, and their statistics")
class ExperimentController {

  record ExperimentRequest(
      @Schema(example = "gentle vs direct") String name,
      @Schema(allowableValues = {"1", "2"}, description = "1 SMS, 2 chat") Integer tier,
      @Schema(description = "share of orders that get no touch at the tier: 0, or 0.01 to 0.5 with at most 4 decimals; default 0.1",
          example = "0.1", type = "number") BigDecimal holdoutShare,
      @Schema(description = "orders each arm gets evenly before Thompson sampling, 1 to 1000000; default 200", type = "integer")
          BigDecimal minSamplePerArm,
      @Schema(description = "makes assignment reproducible; random when absent") Long seed,
      List<ArmRequest> arms,
      @Schema(description = "when the winner rule names a winner, pin it and lower the holdout to decayHoldoutShare; default false;"
          + " refused for an A/A experiment (every arm the same script text and delay)")
          Boolean autoApply,
      @Schema(description = "with autoApply: the holdout share once the winner is pinned, 0 or 0.01 to holdoutShare; default 0.05",
          example = "0.05", type = "number")
          BigDecimal decayHoldoutShare) {}

  record ArmRequest(
      @Schema(example = "gentle") String id,
      @Schema(description = "one of the shop's active scripts of the tier's channel") Long scriptId,
      @Schema(description = "optional ISO-8601 delay for the tier, instead of the shop's policy", example = "PT1H") String delay) {}

  record ArmView(String id, long scriptId, String delay, String state) {}

  record ExperimentView(
      long id, String name, int tier, long seed, double holdoutShare, int minSamplePerArm, List<ArmView> arms,
      @Schema(allowableValues = {"RUNNING", "STOPPED"}) String status, Instant startedAt, Instant stoppedAt, boolean autoApply,
      Double decayHoldoutShare) {
    static ExperimentView of(StoredExperiment e) {
      return new ExperimentView(
          e.id(), e.name(), e.tier(), e.design().seed(), e.design().holdoutShare(), e.design().minSamplePerArm(),
          e.design().arms().stream()
              .map(a -> new ArmView(a.id(), a.scriptId(), a.delay() == null ? null : a.delay().toString(), a.state().name()))
              .toList(),
          e.running() ? "RUNNING" : "STOPPED", e.startedAt(), e.stoppedAt(), e.autoApply(), e.decayHoldoutShare());
    }
  }

  private final Experiments experiments;

  ExperimentController(Experiments experiments) {
    this.experiments = experiments;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Start an experiment on a tier; 409 while the tier has a running one")
  ExperimentView create(@Parameter(hidden = true) AuthenticatedShop shop,
      @RequestBody ExperimentRequest r) {
    String shopId = shop.shopId();
    List<Experiments.ArmRequest> arms =
        r.arms() == null ? null : r.arms().stream().map(a -> a == null ? null : new Experiments.ArmRequest(a.id(), a.scriptId(), a.delay())).toList();
    return ExperimentView.of(
        experiments.create(
            shopId, r.name(), r.tier(), r.holdoutShare(), r.minSamplePerArm(), r.seed(), arms,
            new Experiments.AutoApply(r.autoApply(), r.decayHoldoutShare())));
  }

  @GetMapping
  @Operation(summary = "The shop's experiments, newest first")
  List<ExperimentView> list(@Parameter(hidden = true) AuthenticatedShop shop) {
    return experiments.list(shop.shopId()).stream().map(ExperimentView::of).toList();
  }

  @GetMapping("/{id}")
  @Operation(summary = "One experiment")
  ExperimentView get(@Parameter(hidden = true) AuthenticatedShop shop,
      @PathVariable long id) {
    return ExperimentView.of(experiments.find(shop.shopId(), id));
  }

  @PostMapping("/{id}/arms/{armId}/pin")
  @Operation(summary = "Pin an arm: it takes every order that is not held out")
  ExperimentView pin(@Parameter(hidden = true) AuthenticatedShop shop,
      @PathVariable long id, @PathVariable String armId) {
    return ExperimentView.of(experiments.changeArm(shop.shopId(), id, armId, Arm.State.PINNED));
  }

  @PostMapping("/{id}/arms/{armId}/retire")
  @Operation(summary = "Retire an arm: it takes no new orders; its results stay")
  ExperimentView retire(@Parameter(hidden = true) AuthenticatedShop shop,
      @PathVariable long id, @PathVariable String armId) {
    return ExperimentView.of(experiments.changeArm(shop.shopId(), id, armId, Arm.State.RETIRED));
  }

  @PostMapping("/{id}/stop")
  @Operation(summary = "Stop the experiment: orders planned from now use the shop's active script; statistics stay")
  ExperimentView stop(@Parameter(hidden = true) AuthenticatedShop shop,
      @PathVariable long id) {
    return ExperimentView.of(experiments.stop(shop.shopId(), id));
  }

  @GetMapping("/{id}/history")
  @Operation(
      summary = "Every change to the experiment, oldest first: created, arm pinned or retired, winner recorded, auto-applied, stopped",
      description = "actor: API (the shop's call) or RULE (the winner rule, on a stats read or the periodic check)")
  List<HistoryEntry> history(@Parameter(hidden = true) AuthenticatedShop shop,
      @PathVariable long id) {
    return experiments.history(shop.shopId(), id);
  }

  @GetMapping("/{id}/stats")
  @Operation(
      summary = "Per arm: sent, recovered, rate and lift with 95% intervals, probability of being best, opt-outs, cost; the winner",
      description = "Intent to treat: every order assigned to an arm or the holdout counts from its due time, whether its reminder"
          + " went out or not. sent (holdout: orders) is the rate's denominator: settled orders, recovered or failed. assigned ="
          + " excluded (paid, closed or opted out by the due time) + sent + pending (neither paid nor closed while the payment"
          + " deadline and the attribution window are open); reached: the arm's reminder was actually sent.")
  ExperimentStats.View stats(@Parameter(hidden = true) AuthenticatedShop shop,
      @PathVariable long id) {
    return experiments.stats(shop.shopId(), id);
  }
}
