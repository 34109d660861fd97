/**
 * The shop dashboard at {@code /dashboard/}: a page for a shop's SHOP_ADMIN (signing in like the
 * agents' page) over {@code /dashboard/api/overview}, which gathers the shop metrics and the
 * experiments' statistics for the signed-in admin's shop.
 */
package dev.cuifu.reminder.dashboard;
