package dev.cuifu.launcher;

import dev.cuifu.simulator.ExperimentSetup;
import dev.cuifu.simulator.ShopClient;
import dev.cuifu.simulator.Simulator;
import dev.cuifu.simulator.Variant;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Demo mode: a shop of its own ({@link LocalStack#DEMO_SIM_SHOP}, so the walk-through's orders on
 * the demo shop never land in an arm) runs the SMS experiment of a {@link DemoScenario} — by
 * default three wordings whose simulated buyers pay 10%, 18% and 30% of the time after them (5%
 * without a reminder) — and the launcher prints the experiment's statistics as they move.
 */
final class DemoMode implements AutoCloseable {

  /** The default scenario's experiment (an older data dir may have it running on the demo shop). */
  static final String EXPERIMENT = DemoScenario.DEFAULT.experiment();
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(20);

  private final ShopClient shop;
  private final LocalStack.SimShop simShop;
  private final long experimentId;
  private final boolean resumed;
  private final Simulator simulator;
  private final DemoSettings settings;
  private final ScheduledExecutorService progress =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "demo-progress");
            thread.setDaemon(true);
            return thread;
          });

  private DemoMode(
      ShopClient shop, LocalStack.SimShop simShop, ExperimentSetup.Started experiment, Simulator simulator, DemoSettings settings) {
    this.shop = shop;
    this.simShop = simShop;
    this.experimentId = experiment.experimentId();
    this.resumed = experiment.resumed();
    this.simulator = simulator;
    this.settings = settings;
  }

  static DemoMode start(LocalStack stack, DemoSettings settings) {
    LocalStack.SimShop simShop = stack.demoSimShop();
    ShopClient shop = new ShopClient(stack.ingestUrl(), stack.reminderUrl(), simShop.apiKey());
    ExperimentSetup.Started experiment =
        ExperimentSetup.start(
            shop, new ExperimentSetup.Design(settings.scenario().experiment(), 0.1, settings.minSamplePerArm(), settings.seed()),
            settings.scenario().wordings());
    Duration smsDelay = experiment.variants().stream().map(Variant::delay).max(Duration::compareTo).orElseThrow();
    long now = Clock.systemUTC().instant().getEpochSecond();
    DemoScenario.Reaction reaction = settings.scenario().reaction(smsDelay);
    Simulator.Settings simulation =
        new Simulator.Settings(
            Long.toString(now, 36),
            settings.ordersPerSecond(),
            reaction.min(),
            reaction.max(),
            Duration.ofSeconds(3),
            Math.floorMod(now, 100_000L) * 1_000);
    Simulator simulator =
        new Simulator(shop, settings.scenario().buyers(settings.seed(), experiment.variants()), simulation, Clock.systemUTC());
    stack.twilio().onMessage(simulator::observe);
    DemoMode demo = new DemoMode(shop, simShop, experiment, simulator, settings);
    simulator.start();
    demo.progress.scheduleAtFixedRate(demo::printProgress, PROGRESS_EVERY.toSeconds(), PROGRESS_EVERY.toSeconds(), TimeUnit.SECONDS);
    return demo;
  }

  String banner(LocalStack stack) {
    StringBuilder arms = new StringBuilder();
    DemoScenario scenario = settings.scenario();
    for (ExperimentSetup.Wording w : scenario.wordings()) {
      arms.append("           %-9s %4.1f%% pay after: %s%n".formatted(w.armId(), w.probability() * 100, w.text()));
    }
    return """
         DEMO MODE (scenario %s; --demo=%s to choose): experiment %d "%s" on its own shop '%s' (%s)
         holdout 10%%, minimum %d per arm, then Thompson sampling; simulated buyers place %s orders/s
         (seed %d) and pay through the API with the true rates below; %.1f%% pay without a reminder:
        %s\
         %s (a winner needs %d settled per arm and an always-valid 95%% lead):
           dashboard   %s  (sign in as %s, password %s)
           statistics  curl -s %s/api/v1/experiments/%d/stats -H 'X-Api-Key: %s'
         Progress is printed every %d s (per-order logs are turned down to WARN in demo mode;
         -Dlogging.level.dev.cuifu=INFO shows them). Ctrl-C closes the open simulated orders, then stops.
        ============================================================================
        """
        .formatted(
            scenario.id(),
            DemoScenario.ids("|"),
            experimentId,
            scenario.experiment(),
            LocalStack.DEMO_SIM_SHOP,
            resumed ? "resumed: it was already running" : "created now",
            settings.minSamplePerArm(),
            format(settings.ordersPerSecond()),
            settings.seed(),
            scenario.baseProbability() * 100,
            arms,
            scenario.watch(),
            settings.minSamplePerArm(),
            stack.reminderUrl() + "/dashboard/",
            LocalStack.DEMO_SIM_AGENT,
            simShop.agentPassword(),
            stack.reminderUrl(),
            experimentId,
            simShop.apiKey(),
            PROGRESS_EVERY.toSeconds());
  }

  private void printProgress() {
    try {
      System.out.println(progressLine(shop.get("/api/v1/experiments/" + experimentId + "/stats"), simulator.placed()));
    } catch (RuntimeException e) {
      System.out.println("demo: statistics not available (" + e.getMessage() + ")");
    }
  }

  /** One line: each arm's recovered/settled, rate and pending orders, the holdout, the winner. */
  static String progressLine(JsonNode stats, long placed) {
    StringBuilder line = new StringBuilder("demo: " + placed + " orders placed |");
    for (JsonNode arm : stats.get("arms")) {
      line.append(
          " %s %d/%d recovered (%s, P(best) %s, %d pending) |"
              .formatted(
                  arm.get("id").asString(),
                  arm.get("recovered").asLong(),
                  arm.get("sent").asLong(),
                  percent(arm.get("rate").asDouble()),
                  percent(arm.get("probabilityBest").asDouble()),
                  arm.get("pending").asLong()));
    }
    JsonNode holdout = stats.get("holdout");
    line.append(
        " holdout %d/%d (%s, %d pending) | winner: %s"
            .formatted(
                holdout.get("recovered").asLong(),
                holdout.get("orders").asLong(),
                percent(holdout.get("rate").asDouble()),
                holdout.get("pending").asLong(),
                stats.get("winner").isNull() ? "none yet" : stats.get("winner").asString()));
    return line.toString();
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f%%", share * 100);
  }

  private static String format(double rate) {
    return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
  }

  /**
   * Ends the simulation before the stack stops: no more orders, then every order still open is
   * closed and applied by reminder-service ({@link Simulator#drain()}), so none is reminded later.
   */
  @Override
  public void close() {
    progress.shutdownNow();
    long started = System.nanoTime();
    Simulator.Drained drained = simulator.drain();
    System.out.println(
        "demo: closed %d open simulated orders (not reminded) in %.1f s%s"
            .formatted(
                drained.closed(),
                (System.nanoTime() - started) / 1e9,
                drained.acted() == 0 ? "" : ", %d buyers' own payments or closes sent at once".formatted(drained.acted())));
    if (drained.unsettled() > 0) {
      System.out.println(
          "demo: %d orders not yet applied by reminder-service; the next start closes them before sending anything"
              .formatted(drained.unsettled()));
    }
  }
}
