/**
 * The opt-out list: per shop, channel and phone, buyers who must not be contacted again ("do not
 * annoy"). {@link dev.cuifu.reminder.optout.OptOutRegistry} is the service the rest of
 * reminder-service asks; the REST API lets a shop manage its own list.
 */
package dev.cuifu.reminder.optout;
