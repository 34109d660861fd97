package dev.cuifu.ingest.platform;

/** Where a platform's order stands, as far as reminding its buyer goes. */
public enum OrderStep {
  /** Placed, not paid: bank transfer, cash on delivery, manual payment still to come. */
  UNPAID,
  /** Paid (or authorised, or paid and since refunded): no reminder. */
  PAID,
  /** Cancelled, voided, failed: no reminder, ever. */
  CLOSED,
  /** A status Cuifu does not read. */
  OTHER
}
