package dev.cuifu.reminder.order;

/** Where an order stands as far as reminders care. */
public enum OrderStatus {
  UNPAID,
  PAID,
  CLOSED
}
