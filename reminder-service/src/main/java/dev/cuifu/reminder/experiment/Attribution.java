package dev.cuifu.reminder.experiment;

/**
 * The one attribution rule, as a SQL predicate, for everything that counts recoveries (an
 * experiment's arms and holdout, the shop metrics): an order is recovered by a touch when it was
 * paid after the touch was sent, no later than its payment deadline, and no other touch of the
 * order was sent in between — the last touch before the payment gets the credit.
 */
public final class Attribution {

  private Attribution() {}

  /**
   * The rule as a boolean SQL expression (never null).
   *
   * @param since the moment of the touch: {@code t.sent_at}, or when a held-out order's touch would
   *     have been due
   * @param keys the alias of a row with the order's {@code shop_id} and {@code order_id}
   * @param order the alias of the order's {@code buyer_order} row
   */
  public static String recoveredAfter(String since, String keys, String order) {
    return "("
        + """
        coalesce(%3$s.paid_at > %1$s and %3$s.paid_at <= %3$s.payment_deadline
            and not exists (select 1 from touch l
                            where l.shop_id = %2$s.shop_id and l.order_id = %2$s.order_id and l.state = 'SENT'
                              and l.sent_at > %1$s and l.sent_at < %3$s.paid_at), false)"""
            .formatted(since, keys, order)
        + ")";
  }

  /**
   * The experiments' form of the rule (intent to treat): the order is recovered when it was paid
   * after {@code since} (its arm's planned due time, or its held-out twin's), by its payment
   * deadline, within the attribution window, no later than {@code :now}, and no touch of another
   * tier was sent in between. The order's own touch at the tier is not "another": whether it went
   * out on time, late or never, the order counts the same way as its held-out twin.
   *
   * @param since the moment the order counts from
   * @param window an SQL interval expression: the attribution window
   * @param keys the alias of a row with the order's {@code shop_id}, {@code order_id} and {@code tier}
   * @param order the alias of the order's {@code buyer_order} row
   */
  static String recoveredWithin(String since, String window, String keys, String order) {
    return "("
        + """
        coalesce(%4$s.paid_at > %1$s and %4$s.paid_at <= %4$s.payment_deadline and %4$s.paid_at <= %1$s + %2$s
            and %4$s.paid_at <= :now
            and not exists (select 1 from touch l
                            where l.shop_id = %3$s.shop_id and l.order_id = %3$s.order_id and l.state = 'SENT'
                              and l.tier <> %3$s.tier and l.sent_at > %1$s and l.sent_at < %4$s.paid_at), false)"""
            .formatted(since, window, keys, order)
        + ")";
  }
}
