package dev.cuifu.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cuifu.common.event.EventContent;
import dev.cuifu.common.event.EventContent.Problem;
import dev.cuifu.common.event.InstantWindow;
import dev.cuifu.common.event.OrderClosed;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.event.OrderPaid;
import dev.cuifu.common.kafka.EventJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/** What an event may carry beyond Bean Validation, and how strictly a shop's JSON is read. */
class EventContentTests {

  private static final InstantWindow WINDOW =
      new InstantWindow(Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z"));

  static OrderCreated created(String itemSummary, String orderId, Instant occurredAt, Instant deadline) {
    OrderCreated c = ContractSamples.orderCreated();
    return new OrderCreated(
        c.eventId(), c.schemaVersion(), c.shopId(), orderId, occurredAt, c.buyerId(), c.buyerPhone(),
        c.chatHandle(), c.buyerTimeZone(), c.amount(), itemSummary, c.buyerNote(), deadline, c.talkedToService());
  }

  static List<String> fields(OrderEvent event) {
    return EventContent.problems(event, WINDOW).stream().map(Problem::field).toList();
  }

  @Test
  @DisplayName("rule: the contract's samples break no content rule")
  void samplesPass() {
    assertThat(EventContent.problems(ContractSamples.orderCreated(), WINDOW)).isEmpty();
    assertThat(EventContent.problems(ContractSamples.orderPaid(), WINDOW)).isEmpty();
    assertThat(EventContent.problems(ContractSamples.orderClosed(), WINDOW)).isEmpty();
  }

  @Test
  @DisplayName("rule: a NUL or other control character is refused; free text keeps tabs and line breaks")
  void controlCharacters() {
    OrderCreated c = ContractSamples.orderCreated();
    assertThat(fields(created("socks\u0000", c.orderId(), c.occurredAt(), null))).containsExactly("itemSummary");
    assertThat(fields(created("socks\u001b[31m", c.orderId(), c.occurredAt(), null))).containsExactly("itemSummary");
    assertThat(fields(created("socks\u0085", c.orderId(), c.occurredAt(), null))).containsExactly("itemSummary");
    assertThat(fields(created("two lines\nand\ttab", c.orderId(), c.occurredAt(), null))).isEmpty();
    assertThat(fields(created("x", "T1\n", c.occurredAt(), null))).containsExactly("orderId");
  }

  @Test
  @DisplayName("rule: an unpaired surrogate is refused, a paired one (emoji) is text")
  void surrogates() {
    OrderCreated c = ContractSamples.orderCreated();
    assertThat(fields(created("\ud83d\ude00 socks", c.orderId(), c.occurredAt(), null))).isEmpty();
    assertThat(fields(created("socks \ud83d", c.orderId(), c.occurredAt(), null))).containsExactly("itemSummary");
    assertThat(fields(created("x", "\ude00T1", c.occurredAt(), null))).containsExactly("orderId");
  }

  @Test
  @DisplayName("rule: instants outside the window and a deadline not after the order are refused, without quoting them")
  void instants() {
    OrderCreated c = ContractSamples.orderCreated();
    Instant farFuture = Instant.parse("+10000-01-01T00:00:00Z");
    List<Problem> problems = EventContent.problems(created("x", c.orderId(), farFuture, null), WINDOW);
    assertThat(problems).extracting(Problem::field).containsExactly("occurredAt");
    assertThat(problems.get(0).message()).doesNotContain("10000");
    assertThat(fields(created("x", c.orderId(), c.occurredAt(), Instant.parse("-999999999-01-01T00:00:00Z"))))
        .containsExactly("paymentDeadline", "paymentDeadline");
    assertThat(fields(created("x", c.orderId(), c.occurredAt(), c.occurredAt()))).containsExactly("paymentDeadline");
    // epoch seconds of a phone number, as a producer writing numbers would
    Instant phoneAsSeconds = Instant.ofEpochSecond(8613800138558L);
    assertThat(EventContent.problems(created("x", c.orderId(), phoneAsSeconds, null), InstantWindow.STORABLE))
        .extracting(Problem::field)
        .containsExactly("occurredAt");
    OrderPaid p = ContractSamples.orderPaid();
    assertThat(fields(new OrderPaid(p.eventId(), 1, p.shopId(), p.orderId(), p.occurredAt(), p.amount(), farFuture)))
        .containsExactly("paidAt");
    OrderClosed closed = ContractSamples.orderClosed();
    assertThat(fields(new OrderClosed(closed.eventId(), 1, closed.shopId(), closed.orderId(), closed.occurredAt(), "a\u0000")))
        .containsExactly("reason");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "paymentDeadlin\": null, \"x",
        "amount\": {\"minor\": \"1999\", \"currency\": \"CNY\"}, \"x",
        "amount\": {\"minor\": 19.5, \"currency\": \"CNY\"}, \"x",
        "occurredAt\": 1767225600, \"x",
        "orderId\": 12345, \"x",
        "talkedToService\": \"true\", \"x"
      })
  @DisplayName("rule: a shop's JSON is read strictly: no unknown field, no value of another JSON type")
  void strictReading(String replacement) {
    ObjectNode sample = (ObjectNode) EventJson.mapper().valueToTree(ContractSamples.orderCreated());
    sample.put("type", OrderCreated.TYPE);
    String json = sample.toString();
    String field = replacement.substring(0, replacement.indexOf('"'));
    String broken =
        sample.has(field)
            ? json.replaceFirst("\"" + field + "\":(\\{[^}]*\\}|\"[^\"]*\"|[^,}]*)", "\"" + replacement.substring(0, replacement.length() - 5))
            : json.replaceFirst("\\{", "{\"" + replacement.substring(0, replacement.length() - 5) + ",");
    assertThatThrownBy(() -> EventJson.strictMapper().readValue(broken, OrderEvent.class))
        .as(broken)
        .isInstanceOf(JacksonException.class);
    // the tolerant reader of records still takes what it can
    assertThat(EventJson.strictMapper().readValue(json, OrderEvent.class)).isEqualTo(ContractSamples.orderCreated());
  }
}
