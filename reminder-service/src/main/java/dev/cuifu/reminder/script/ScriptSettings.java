package dev.cuifu.reminder.script;

/**
 * A shop's script settings.
 *
 * @param locale the language of the scripts its reminders use
 * @param smsMaxSegments the segment limit SMS scripts are checked against at save time
 * @param paymentLink the shop's payment page with {@code {orderId}} in it, or null; {paymentLink}
 *     can only be used once it is set
 */
record ScriptSettings(ScriptLocale locale, int smsMaxSegments, String paymentLink) {}
