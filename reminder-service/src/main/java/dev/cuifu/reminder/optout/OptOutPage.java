package dev.cuifu.reminder.optout;

import java.util.List;

/**
 * One page of a shop's opt-outs, ordered by phone (then channel name).
 *
 * @param next the phone to pass as {@code afterPhone} for the next page; null on the last page
 */
record OptOutPage(List<OptOut> items, String next) {

  public OptOutPage {
    items = List.copyOf(items);
  }
}
