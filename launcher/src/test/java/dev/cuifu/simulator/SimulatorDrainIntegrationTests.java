package dev.cuifu.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.launcher.LauncherSettings;
import dev.cuifu.launcher.LocalStack;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop leaves no simulated order open: the drain closes a few hundred orders still waiting for
 * their SMS within its bound, through the real stack, so the next start has nothing to clean up.
 */
class SimulatorDrainIntegrationTests {

  /** Far beyond the test: every order is still waiting for its SMS when the simulator stops. */
  private static final Duration SMS_DELAY = Duration.ofHours(1);

  @TempDir Path dataDir;

  @Test
  void aStopClosesEveryOpenOrderAndReminderServiceHasThemAllClosed() {
    try (LocalStack stack = LocalStack.start(LauncherSettings.ephemeral(dataDir, SMS_DELAY))) {
      ShopClient shop = new ShopClient(stack.ingestUrl(), stack.reminderUrl(), stack.demoApiKey());
      BuyerModel model = new BuyerModel(7, 0.05, List.of(new Variant("only", "尚未付款", SMS_DELAY, 0.1)));
      Simulator.Settings settings =
          new Simulator.Settings("d", 100, Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofSeconds(2), 0);
      Simulator simulator = new Simulator(shop, model, settings, Clock.systemUTC());
      simulator.start();
      // 500 open orders, three times what the 6/s demo has open at any time (about 150-175)
      await().atMost(Duration.ofSeconds(60)).until(() -> simulator.placed() >= 500);

      Simulator.Drained drained = simulator.drain();

      System.out.printf("drain: %d placed, %s%n", simulator.placed(), drained);
      assertThat(drained.unsettled()).as("no order is left open or unapplied after a stop").isZero();
      assertThat(drained.closed()).as("every placed order was closed by the drain").isEqualTo(simulator.placed());
      assertThat(simulator.settled()).isTrue();
      long last = simulator.placed() - 1;
      assertThat(shop.get("/api/v1/orders/Sd-" + last + "/touches").get("status").asString())
          .as("reminder-service has the last order closed")
          .isEqualTo("CLOSED");
    }
  }
}
