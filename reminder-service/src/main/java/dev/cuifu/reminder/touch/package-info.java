/**
 * The {@code touch} table's owner: every statement that writes a touch is here, behind one door
 * per feature that changes touches — {@link dev.cuifu.reminder.touch.TouchPlans} (planning),
 * {@link dev.cuifu.reminder.touch.TouchClaims} (dispatch and lease recovery), {@link
 * dev.cuifu.reminder.touch.TouchDeliveries} (provider delivery reports) and {@link
 * dev.cuifu.reminder.touch.TouchScripts} (the script a text came from) — so the state machine and
 * the claim fence are kept in one place. Other features read the table through queries of their
 * own; a test ({@code TableOwnershipTests}) keeps writes from creeping back out.
 */
package dev.cuifu.reminder.touch;
