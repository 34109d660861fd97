package dev.cuifu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cuifu.simulator.BuyerModel;
import dev.cuifu.simulator.ExperimentSetup;
import dev.cuifu.simulator.Variant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The demo's scenarios without the stack: which one a flag or property chooses, and what their
 * seeded buyers do — the share who pay after each arm and without a reminder, and how soon they act.
 */
class DemoScenarioTests {

  private static final Duration SMS_DELAY = Duration.ofSeconds(20);
  private static final long BUYERS = 100_000;

  @AfterEach
  void clearProperties() {
    System.clearProperty("cuifu.local.demo-scenario");
    System.clearProperty("cuifu.local.demo");
  }

  @Test
  @DisplayName("--demo runs today's three wordings; --demo=<id> or -Dcuifu.local.demo-scenario chooses another; an unknown id is refused with the list")
  void theFlagOrThePropertyChoosesTheScenario() {
    assertThat(DemoSettings.fromSystemPropertiesAnd(new String[] {}).enabled()).isFalse();
    DemoSettings plain = DemoSettings.fromSystemPropertiesAnd(new String[] {"--demo"});
    assertThat(plain.enabled()).isTrue();
    assertThat(plain.scenario()).isEqualTo(DemoScenario.THREE_WORDINGS);
    assertThat(DemoSettings.fromSystemPropertiesAnd(new String[] {"--demo=aa"}).scenario()).isEqualTo(DemoScenario.AA);
    assertThat(DemoSettings.fromSystemPropertiesAnd(new String[] {"--demo=small-lifts"}).scenario()).isEqualTo(DemoScenario.SMALL_LIFTS);
    System.setProperty("cuifu.local.demo-scenario", "delayed-payments");
    DemoSettings byProperty = DemoSettings.fromSystemPropertiesAnd(new String[] {});
    assertThat(byProperty.enabled()).as("naming a scenario turns demo mode on").isTrue();
    assertThat(byProperty.scenario()).isEqualTo(DemoScenario.DELAYED_PAYMENTS);
    assertThatThrownBy(() -> DemoSettings.fromSystemPropertiesAnd(new String[] {"--demo=bb"}))
        .hasMessageContaining("unknown demo scenario 'bb'")
        .hasMessageContaining("three-wordings, aa, small-lifts, delayed-payments");
    assertThat(DemoMode.EXPERIMENT).as("the default's experiment keeps its name").isEqualTo("演示：三种措辞 (demo: three wordings)");
    assertThat(DemoScenario.ALL.stream().map(DemoScenario::experiment).distinct()).as("one experiment name each").hasSize(4);
  }

  @Test
  @DisplayName("A/A: two arms on one script, their buyers paying alike; the experiment setup accepts them and they pay 18% after either")
  void aaSendsOneScriptOnTwoArmsThatPayAlike() {
    List<ExperimentSetup.Wording> wordings = DemoScenario.AA.wordings();
    assertThat(wordings).hasSize(2);
    assertThat(wordings.get(0).text()).isEqualTo(wordings.get(1).text());
    assertThat(wordings.get(0).scriptName()).isEqualTo(wordings.get(1).scriptName());
    Map<String, Double> rates = payingShares(DemoScenario.AA);
    assertThat(rates.get("help-1")).isCloseTo(0.18, within(0.005));
    assertThat(rates.get("help-2")).isCloseTo(rates.get("help-1"), within(1e-12));
    assertThat(rates.get("(base)")).isCloseTo(0.05, within(0.003));
    // arms sharing a script but paying differently could not be told apart by their buyers: refused before any call
    ExperimentSetup.Wording other = wordings.get(1);
    List<ExperimentSetup.Wording> unlike =
        List.of(wordings.get(0), new ExperimentSetup.Wording(other.armId(), other.scriptName(), other.text(), other.marker(), null, 0.30));
    assertThatThrownBy(() -> ExperimentSetup.start(null, new ExperimentSetup.Design("x", 0.1, 40, 1), unlike))
        .hasMessageContaining("share a script");
  }

  @Test
  @DisplayName("small lifts: buyers pay 3.5%, 4.0% and 5.0% after the three wordings, 2.5% without a reminder")
  void smallLiftsPayAtTheirRates() {
    Map<String, Double> rates = payingShares(DemoScenario.SMALL_LIFTS);
    assertThat(rates.get("plain")).isCloseTo(0.035, within(0.002));
    assertThat(rates.get("deadline")).isCloseTo(0.040, within(0.002));
    assertThat(rates.get("help")).isCloseTo(0.050, within(0.002));
    assertThat(rates.get("(base)")).isCloseTo(0.025, within(0.002));
  }

  @Test
  @DisplayName("delayed payments: the default's rates, but buyers act up to 3 h after the SMS (pending meanwhile), not within seconds")
  void delayedPaymentsActHoursLater() {
    assertThat(payingShares(DemoScenario.DELAYED_PAYMENTS)).isEqualTo(payingShares(DemoScenario.THREE_WORDINGS));
    DemoScenario.Reaction quick = DemoScenario.THREE_WORDINGS.reaction(SMS_DELAY);
    assertThat(quick.max()).as("before the chat tier, twice the SMS delay").isLessThan(SMS_DELAY.multipliedBy(2));
    DemoScenario.Reaction delayed = DemoScenario.DELAYED_PAYMENTS.reaction(SMS_DELAY);
    assertThat(delayed.max()).isEqualTo(Duration.ofHours(3));
    // the buyers' reaction draws are uniform: over an hour later for two thirds of them
    BuyerModel model = buyers(DemoScenario.DELAYED_PAYMENTS);
    long late =
        LongStream.range(0, BUYERS)
            .filter(i -> delayed.min().plusNanos(Math.round(delayed.max().minus(delayed.min()).toNanos() * model.buyer(i).reaction()))
                .compareTo(Duration.ofHours(1)) > 0)
            .count();
    assertThat(late / (double) BUYERS).isCloseTo(2.0 / 3, within(0.01));
  }

  /** The share of the seeded buyers who pay after each arm's SMS, and without one ("(base)"). */
  private static Map<String, Double> payingShares(DemoScenario scenario) {
    BuyerModel model = buyers(scenario);
    Map<String, Double> shares =
        model.variants().stream()
            .collect(Collectors.toMap(Variant::armId, v -> share(model, v.probability())));
    shares.put("(base)", share(model, model.baseProbability()));
    return shares;
  }

  private static double share(BuyerModel model, double probability) {
    return LongStream.range(0, BUYERS).filter(i -> model.buyer(i).pays(probability)).count() / (double) BUYERS;
  }

  private static BuyerModel buyers(DemoScenario scenario) {
    List<Variant> variants =
        scenario.wordings().stream().map(w -> new Variant(w.armId(), w.marker(), SMS_DELAY, w.probability())).toList();
    return scenario.buyers(42, variants);
  }
}
