package dev.cuifu.common.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The content rules Bean Validation cannot say on a record: text that PostgreSQL and a reminder's
 * wording can carry, and instants that can be stored and planned. order-ingest refuses an event
 * that breaks one (400 naming the field); reminder-service dead-letters it, so one record can
 * never stop a partition. A problem names the field and the rule, never the value: it is logged.
 */
public final class EventContent {

  /** A broken rule: the field's JSON path and what is wrong with it, without its value. */
  public record Problem(String field, String message) {}

  static final String CONTROL = "must not contain control characters";
  static final String CONTROL_IN_TEXT = "must not contain control characters other than tab and line breaks";
  static final String SURROGATE = "must not contain unpaired UTF-16 surrogates";

  private EventContent() {}

  /** Every rule this event breaks, in field order; empty when it can be stored and planned. */
  public static List<Problem> problems(OrderEvent event, InstantWindow window) {
    List<Problem> problems = new ArrayList<>();
    identifier(problems, "eventId", event.eventId());
    identifier(problems, "shopId", event.shopId());
    identifier(problems, "orderId", event.orderId());
    instant(problems, "occurredAt", event.occurredAt(), window);
    if (event instanceof OrderCreated created) {
      identifier(problems, "buyerId", created.buyerId());
      identifier(problems, "chatHandle", created.chatHandle());
      money(problems, created.amount());
      text(problems, "itemSummary", created.itemSummary());
      text(problems, "buyerNote", created.buyerNote());
      instant(problems, "paymentDeadline", created.paymentDeadline(), window);
      if (created.paymentDeadline() != null
          && created.occurredAt() != null
          && !created.paymentDeadline().isAfter(created.occurredAt())) {
        problems.add(new Problem("paymentDeadline", "must be after occurredAt"));
      }
    } else if (event instanceof OrderPaid paid) {
      money(problems, paid.amount());
      instant(problems, "paidAt", paid.paidAt(), window);
    } else if (event instanceof OrderClosed closed) {
      text(problems, "reason", closed.reason());
    }
    return problems;
  }

  /** Ids and handles: printable, no control character at all. */
  private static void identifier(List<Problem> problems, String field, String value) {
    characters(problems, field, value, false);
  }

  /** Free text a buyer or a shop wrote: tab and line breaks allowed. */
  private static void text(List<Problem> problems, String field, String value) {
    characters(problems, field, value, true);
  }

  private static void money(List<Problem> problems, Money amount) {
    if (amount != null) {
      identifier(problems, "amount.currency", amount.currency());
    }
  }

  private static void characters(List<Problem> problems, String field, String value, boolean lineBreaks) {
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) && !(lineBreaks && (c == '\t' || c == '\n' || c == '\r'))) {
        problems.add(new Problem(field, lineBreaks ? CONTROL_IN_TEXT : CONTROL));
        return;
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        problems.add(new Problem(field, SURROGATE));
        return;
      }
    }
  }

  private static void instant(List<Problem> problems, String field, Instant value, InstantWindow window) {
    if (value != null && !window.contains(value)) {
      problems.add(new Problem(field, "must lie between %s and %s".formatted(window.from(), window.until())));
    }
  }
}
