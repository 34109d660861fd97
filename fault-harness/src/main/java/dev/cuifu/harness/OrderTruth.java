package dev.cuifu.harness;

import java.time.Instant;

/**
 * What the harness did with one order and so what must happen to it: an SMS exactly once unless
 * its payment was answered 202 before the SMS fell due, then none after that answer (plus the
 * stated bound). Each order has its own buyer phone, so the stub's recipients name the orders.
 */
final class OrderTruth {

  final String shopId;
  final String orderId;
  final String phone;
  final Instant occurredAt;
  final Instant due;
  /** Pay this long before the SMS falls due; {@code null}: never paid. */
  final java.time.Duration payLead;
  /** The buyer opted out of SMS before ordering (answered 201): no SMS, ever; chat still. */
  volatile boolean optedOutOfSms;
  volatile Instant createdAnsweredAt;
  volatile Instant paidAnsweredAt;

  OrderTruth(String shopId, String orderId, String phone, Instant occurredAt, Instant due, java.time.Duration payLead) {
    this.shopId = shopId;
    this.orderId = orderId;
    this.phone = phone;
    this.occurredAt = occurredAt;
    this.due = due;
    this.payLead = payLead;
  }

  boolean accepted() {
    return createdAnsweredAt != null;
  }

  /** Paid, and the payment answered before the SMS fell due: no SMS may follow it. */
  boolean paidBeforeDue() {
    return paidAnsweredAt != null && paidAnsweredAt.isBefore(due);
  }

  /** Never paid: exactly one SMS. */
  boolean unpaid() {
    return payLead == null;
  }
}
