package dev.cuifu.reminder.plan;

/** How a touch reaches the buyer. */
public enum Channel {
  SMS,
  CHAT,
  PHONE
}
