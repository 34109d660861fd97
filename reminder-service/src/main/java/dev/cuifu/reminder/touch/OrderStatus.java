package dev.cuifu.reminder.touch;

/**
 * Where an order stands as far as reminders care. It lives with the touches because a claim reads
 * it with each due touch; the order package, which writes it, depends on touch, not the reverse.
 */
public enum OrderStatus {
  UNPAID,
  PAID,
  CLOSED
}
