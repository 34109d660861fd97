package dev.cuifu.reminder.experiment;

/** Where an order goes: held out (no touch at the tier) or to one arm. */
public sealed interface Assignment {

  /** No touch at this tier: the order measures what happens without one. */
  record Holdout() implements Assignment {}

  /** The arm whose script (and delay) the order's touch uses. */
  record ToArm(Arm arm) implements Assignment {}

  Assignment HOLDOUT = new Holdout();
}
