package dev.cuifu.reminder.experiment;

/**
 * What happened to the orders of one arm (or of the holdout).
 *
 * @param assigned the orders in the rate: given to the arm (or held out) at planning, still unpaid and
 *     open at their due time, and settled (recovered or failed) — whether the touch went out or not;
 *     pending and excluded orders are not here (see {@link ExperimentRepository})
 * @param recovered of them, orders paid after their due time, within the attribution window and
 *     before the deadline (the same rule for the holdout, whose orders got no touch)
 * @param recoveredMinor the recovered orders' amount, in minor units of the experiment's currency
 * @param optOuts of them, buyers who opted out after the touch was sent
 * @param segments SMS segments sent (a chat message counts 0)
 */
public record Tally(long assigned, long recovered, long recoveredMinor, long optOuts, long segments) {

  public static final Tally EMPTY = new Tally(0, 0, 0, 0, 0);

  public Tally {
    if (assigned < 0 || recovered < 0 || recovered > assigned || optOuts < 0 || optOuts > assigned || segments < 0 || recoveredMinor < 0) {
      throw new IllegalArgumentException("inconsistent tally: " + assigned + " assigned, " + recovered + " recovered, " + optOuts + " opt-outs");
    }
  }

  /** This tally with one more order and its outcome. */
  public Tally plus(boolean wasRecovered, long amountMinor, boolean optedOut, int segmentsSent) {
    return new Tally(
        assigned + 1, recovered + (wasRecovered ? 1 : 0), recoveredMinor + (wasRecovered ? amountMinor : 0),
        optOuts + (optedOut ? 1 : 0), segments + segmentsSent);
  }
}
