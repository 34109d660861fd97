package dev.cuifu.reminder.experiment;

/**
 * What happened to the orders of one arm (or of the holdout).
 *
 * @param assigned orders given to the arm; for an arm these are the orders its touch was sent for
 * @param recovered of them, orders paid after the touch and before the deadline (holdout: paid on
 *     their own in the same window)
 * @param recoveredMinor the recovered orders' amount, in minor units of the experiment's currency
 * @param optOuts buyers who opted out after the touch
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
