package dev.cuifu.launcher;

import dev.cuifu.simulator.BuyerModel;
import dev.cuifu.simulator.ExperimentSetup;
import dev.cuifu.simulator.Variant;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What demo mode's simulated buyers do ({@code --demo=<id>} or {@code -Dcuifu.local.demo-scenario}):
 * the experiment's wordings, how often buyers pay after each and without a reminder, and how soon
 * they act. Each scenario has an experiment of its own name, so switching scenarios stops the other
 * one's experiment and a restart with the same scenario resumes its own.
 *
 * @param id what {@code --demo=} takes
 * @param experiment the experiment's name
 * @param watch what the banner tells the newcomer to look for
 * @param baseProbability buyers who pay without a reminder (what the holdout measures)
 * @param wordings the arms, with their buyers' true payment probabilities
 * @param delayed buyers act up to {@link #DELAYED_REACTION} after the SMS instead of within seconds
 */
record DemoScenario(
    String id, String experiment, String watch, double baseProbability, List<ExperimentSetup.Wording> wordings, boolean delayed) {

  /** Delayed payments' latest reaction: well inside the 72 h attribution window, so the orders are pending, then settle. */
  static final Duration DELAYED_REACTION = Duration.ofHours(3);

  private static final String PLAIN = "【{shopName}】订单{orderId}尚未付款，请尽快完成支付。回TD退订";
  private static final String DEADLINE = "【{shopName}】订单{orderId}将于{deadline}关闭，需要的话请及时付款。回TD退订";
  private static final String HELP = "【{shopName}】亲，订单{orderId}付款遇到问题了吗？直接回复本短信，我们帮您处理。回TD退订";

  /** The default: three wordings far apart, so a winner shows within minutes. */
  static final DemoScenario THREE_WORDINGS =
      new DemoScenario(
          "three-wordings", "演示：三种措辞 (demo: three wordings)", "Watch the best wording pull ahead", 0.05,
          threeWordings(0.10, 0.18, 0.30), false);

  /** A/A: one script on two arms, both paying as often: the rule should name no winner. */
  static final DemoScenario AA =
      new DemoScenario(
          "aa", "演示：A/A 同一措辞两次 (demo: A/A, one wording twice)",
          "Both arms send the same script: the rule should name no winner (at most 5% of A/A runs ever do)", 0.05,
          List.of(help("help-1", 0.18), help("help-2", 0.18)), false);

  /** Lifts the size shops really see: a winner takes tens of thousands of orders, not minutes. */
  static final DemoScenario SMALL_LIFTS =
      new DemoScenario(
          "small-lifts", "演示：小幅提升 (demo: small lifts)",
          "Lifts of 1 to 2.5 points: expect no winner for a long time (about half the runs by 20,000 orders)", 0.025,
          threeWordings(0.035, 0.040, 0.050), false);

  /** The default's wordings, but buyers act up to hours later: their orders stay pending meanwhile. */
  static final DemoScenario DELAYED_PAYMENTS =
      new DemoScenario(
          "delayed-payments", "演示：延迟付款 (demo: delayed payments)",
          "Buyers act up to " + DELAYED_REACTION.toHours() + " h after the SMS: watch orders wait as pending, in no rate", 0.05,
          THREE_WORDINGS.wordings(), true);

  /** Every scenario, the default first. */
  static final List<DemoScenario> ALL = List.of(THREE_WORDINGS, AA, SMALL_LIFTS, DELAYED_PAYMENTS);

  /** What {@code --demo} alone runs. */
  static final DemoScenario DEFAULT = THREE_WORDINGS;

  /** The scenario named {@code id} ({@code aa}, {@code small-lifts}, …), or a message listing them. */
  static DemoScenario of(String id) {
    return ALL.stream()
        .filter(s -> s.id.equals(id.strip().toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown demo scenario '" + id + "': one of " + ids(", ")));
  }

  /** The scenarios' ids, joined. */
  static String ids(String separator) {
    return String.join(separator, ALL.stream().map(DemoScenario::id).toList());
  }

  /** The buyers of the experiment's arms (as started: each arm's delay known). */
  BuyerModel buyers(long seed, List<Variant> variants) {
    return new BuyerModel(seed, baseProbability, variants);
  }

  /** How soon after the SMS (or its absence) buyers act: uniformly between the two. */
  record Reaction(Duration min, Duration max) {}

  /**
   * Usually between a tenth and two fifths of the SMS delay, well before the chat tier (twice the
   * SMS delay) could take the credit; with delayed payments up to {@link #DELAYED_REACTION}, so
   * most orders stay open (pending) for a while.
   */
  Reaction reaction(Duration smsDelay) {
    return new Reaction(smsDelay.dividedBy(10), delayed ? DELAYED_REACTION : smsDelay.multipliedBy(2).dividedBy(5));
  }

  private static List<ExperimentSetup.Wording> threeWordings(double plain, double deadline, double help) {
    return List.of(
        new ExperimentSetup.Wording("plain", "demo-plain", PLAIN, "尚未付款", null, plain),
        new ExperimentSetup.Wording("deadline", "demo-deadline", DEADLINE, "需要的话请及时付款", null, deadline),
        help("help", help));
  }

  private static ExperimentSetup.Wording help(String armId, double probability) {
    return new ExperimentSetup.Wording(armId, "demo-help", HELP, "遇到问题了吗", null, probability);
  }
}
