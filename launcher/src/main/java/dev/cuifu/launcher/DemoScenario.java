package dev.cuifu.launcher;

import dev.cuifu.simulator.BuyerModel;
import dev.cuifu.simulator.ExperimentSetup;
import dev.cuifu.simulator.Variant;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What demo mode's simulated buyers do ({@code --demo=<name>} or {@code -Dcuifu.local.demo-scenario}):
 * the experiment's wordings, how often buyers pay after each and without a reminder, and how soon
 * they act. Each scenario has an experiment of its own name, so switching scenarios stops the other
 * one's experiment and a restart with the same scenario resumes its own.
 */
enum DemoScenario {

  /** The default: three wordings far apart, so a winner shows within minutes. */
  THREE_WORDINGS(
      "three-wordings",
      "演示：三种措辞 (demo: three wordings)",
      "Watch the best wording pull ahead",
      0.05,
      List.of(
          new ExperimentSetup.Wording("plain", "demo-plain", Texts.PLAIN, "尚未付款", null, 0.10),
          new ExperimentSetup.Wording("deadline", "demo-deadline", Texts.DEADLINE, "需要的话请及时付款", null, 0.18),
          new ExperimentSetup.Wording("help", "demo-help", Texts.HELP, "遇到问题了吗", null, 0.30)),
      false),

  /** A/A: one script on two arms, both paying as often: the rule should name no winner. */
  AA(
      "aa",
      "演示：A/A 同一措辞两次 (demo: A/A, one wording twice)",
      "Both arms send the same script: the rule should name no winner (at most 5% of A/A runs ever do)",
      0.05,
      List.of(
          new ExperimentSetup.Wording("help-1", "demo-help", Texts.HELP, "遇到问题了吗", null, 0.18),
          new ExperimentSetup.Wording("help-2", "demo-help", Texts.HELP, "遇到问题了吗", null, 0.18)),
      false),

  /** Lifts the size shops really see: a winner takes tens of thousands of orders, not minutes. */
  SMALL_LIFTS(
      "small-lifts",
      "演示：小幅提升 (demo: small lifts)",
      "Lifts of 1 to 2.5 points: expect no winner for a long time (about half the runs by 20,000 orders)",
      0.025,
      List.of(
          new ExperimentSetup.Wording("plain", "demo-plain", Texts.PLAIN, "尚未付款", null, 0.035),
          new ExperimentSetup.Wording("deadline", "demo-deadline", Texts.DEADLINE, "需要的话请及时付款", null, 0.040),
          new ExperimentSetup.Wording("help", "demo-help", Texts.HELP, "遇到问题了吗", null, 0.050)),
      false),

  /** The default's wordings, but buyers act up to hours later: their orders stay pending meanwhile. */
  DELAYED_PAYMENTS(
      "delayed-payments",
      "演示：延迟付款 (demo: delayed payments)",
      "Buyers act up to " + Delayed.REACTION.toHours() + " h after the SMS: watch orders wait as pending, in no rate",
      0.05,
      THREE_WORDINGS.wordings,
      true);

  /** The default, what {@code --demo} alone runs. */
  static final DemoScenario DEFAULT = THREE_WORDINGS;

  private final String id;
  private final String experiment;
  private final String watch;
  private final double baseProbability;
  private final List<ExperimentSetup.Wording> wordings;
  private final boolean delayed;

  DemoScenario(
      String id, String experiment, String watch, double baseProbability, List<ExperimentSetup.Wording> wordings, boolean delayed) {
    this.id = id;
    this.experiment = experiment;
    this.watch = watch;
    this.baseProbability = baseProbability;
    this.wordings = wordings;
    this.delayed = delayed;
  }

  /** The scenario named {@code id} ({@code aa}, {@code small-lifts}, …), or a message listing them. */
  static DemoScenario of(String id) {
    return Arrays.stream(values())
        .filter(s -> s.id.equals(id.strip().toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown demo scenario '" + id + "': one of " + String.join(", ", Arrays.stream(values()).map(DemoScenario::id).toList())));
  }

  String id() {
    return id;
  }

  String experiment() {
    return experiment;
  }

  String watch() {
    return watch;
  }

  double baseProbability() {
    return baseProbability;
  }

  List<ExperimentSetup.Wording> wordings() {
    return wordings;
  }

  /** The buyers of the experiment's arms (as started: each arm's delay known). */
  BuyerModel buyers(long seed, List<Variant> variants) {
    return new BuyerModel(seed, baseProbability, variants);
  }

  /**
   * The soonest and the latest a buyer acts after the SMS they got (or did not get). Usually
   * between a tenth and two fifths of the SMS delay, well before the chat tier (twice the SMS delay)
   * could take the credit; with delayed payments up to {@link Delayed#REACTION}, so most orders
   * stay open (pending) for a while.
   */
  Reaction reaction(Duration smsDelay) {
    return new Reaction(smsDelay.dividedBy(10), delayed ? Delayed.REACTION : smsDelay.multipliedBy(2).dividedBy(5));
  }

  /** How soon after the SMS (or its absence) buyers act: uniformly between the two. */
  record Reaction(Duration min, Duration max) {}

  /** Delayed payments' latest reaction (a holder: an enum's own statics are not set yet while its constants are built). */
  static final class Delayed {
    /** Well inside the 72 h attribution window: the orders are pending, then settle. */
    static final Duration REACTION = Duration.ofHours(3);

    private Delayed() {}
  }

  /** The scripts, held apart so that two scenarios sharing a wording create one script. */
  private static final class Texts {
    static final String PLAIN = "【{shopName}】订单{orderId}尚未付款，请尽快完成支付。回TD退订";
    static final String DEADLINE = "【{shopName}】订单{orderId}将于{deadline}关闭，需要的话请及时付款。回TD退订";
    static final String HELP = "【{shopName}】亲，订单{orderId}付款遇到问题了吗？直接回复本短信，我们帮您处理。回TD退订";
  }
}
