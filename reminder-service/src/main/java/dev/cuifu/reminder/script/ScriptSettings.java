package dev.cuifu.reminder.script;

/**
 * A shop's script settings.
 *
 * @param locale the language of the scripts its reminders use
 * @param smsMaxSegments the segment limit SMS scripts are checked against at save time
 * @param paymentLink the shop's payment page with {@code {orderId}} in it, or null; {paymentLink}
 *     can only be used once it is set
 * @param smsSegmentPrice what one SMS segment costs the shop, or null while not set (experiment
 *     statistics then show segments but no cost)
 */
record ScriptSettings(ScriptLocale locale, int smsMaxSegments, String paymentLink, SegmentPrice smsSegmentPrice) {

  ScriptSettings(ScriptLocale locale, int smsMaxSegments, String paymentLink) {
    this(locale, smsMaxSegments, paymentLink, null);
  }
}
