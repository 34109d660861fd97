package dev.cuifu.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cuifu.common.event.Money;
import dev.cuifu.common.event.OrderClosed;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.event.OrderPaid;
import dev.cuifu.common.event.ShopUpdated;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bean Validation of the event records, their log-safe toString, stamping and keys. */
class OrderEventValidationTests {

  private static ValidatorFactory factory;
  private static Validator validator;

  @BeforeAll
  static void buildValidator() {
    // no Jakarta EL implementation on the classpath: interpolate {parameters} only
    factory = Validation.byProvider(HibernateValidator.class)
        .configure()
        .messageInterpolator(new ParameterMessageInterpolator())
        .buildValidatorFactory();
    validator = factory.getValidator();
  }

  @AfterAll
  static void closeValidator() {
    factory.close();
  }

  static Set<String> violatedPaths(Object bean) {
    return validator.validate(bean).stream()
        .map(v -> v.getPropertyPath().toString())
        .collect(Collectors.toSet());
  }

  static OrderCreated withPhoneAndAmount(String phone, Money amount, String itemSummary) {
    OrderCreated c = ContractSamples.orderCreated();
    return new OrderCreated(
        c.eventId(), c.schemaVersion(), c.shopId(), c.orderId(), c.occurredAt(), c.buyerId(), phone,
        c.chatHandle(), c.buyerTimeZone(), amount, itemSummary, c.buyerNote(), c.paymentDeadline(),
        c.talkedToService());
  }

  static Stream<Object> validSamples() {
    return Stream.of(
        ContractSamples.orderCreated(),
        ContractSamples.orderPaid(),
        ContractSamples.orderClosed(),
        ContractSamples.shopUpdated(),
        EventSchemaTests.minimalOrderCreated(),
        // as a shop may send it, before stampedFor normalises the phone
        withPhoneAndAmount(ContractSamples.PHONE_FORMATTED, new Money(0L, "JPY"), "x"),
        ContractSamples.phoneTaskCreated(),
        ContractSamples.phoneTaskClaimed(),
        ContractSamples.phoneTaskReleased(),
        ContractSamples.phoneTaskCompleted(),
        ContractSamples.phoneTaskClosed());
  }

  @Test
  @DisplayName("rule: a phone-task event without its task, agent or outcome is reported by path")
  void phoneTaskEventViolationsAreReported() {
    var bad = new dev.cuifu.common.event.PhoneTaskCompleted(
        "e", 1, "s", "o", 0L, Instant.parse("2026-01-01T00:00:00Z"), " ", null, null, null);

    assertThat(violatedPaths(bad)).containsExactlyInAnyOrder("taskId", "agent", "outcome");
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("validSamples")
  @DisplayName("rule: a valid event has no constraint violations")
  void validEventsAreAccepted(Object event) {
    assertThat(validator.validate(event)).isEmpty();
  }

  @Test
  @DisplayName("rule: every bad field of an OrderCreated is reported at once, by property path")
  void everyBadFieldIsReportedByPath() {
    OrderCreated broken = withPhoneAndAmount("13912345678", new Money(-1L, "yuan"), " ");

    Set<ConstraintViolation<OrderCreated>> violations = validator.validate(broken);

    assertThat(violations)
        .extracting(v -> v.getPropertyPath().toString())
        .containsExactlyInAnyOrder("buyerPhone", "amount.minor", "amount.currency", "itemSummary");
    assertThat(violations)
        .filteredOn(v -> v.getPropertyPath().toString().equals("buyerPhone"))
        .singleElement()
        .satisfies(v -> assertThat(v.getMessage()).contains("E.164"));
    assertThat(violations)
        .as("messages do not echo the rejected phone number")
        .allSatisfy(v -> assertThat(v.getMessage()).doesNotContain("13912345678"));
  }

  @Test
  @DisplayName("rule: missing required components are reported; optional ones may be null")
  void missingRequiredComponentsAreReported() {
    OrderCreated empty = new OrderCreated(
        null, null, null, null, null, null, null, null, null, null, null, null, null, false);
    assertThat(violatedPaths(empty))
        .containsExactlyInAnyOrder(
            "eventId", "schemaVersion", "shopId", "orderId", "occurredAt", "buyerId", "buyerPhone",
            "amount", "itemSummary");

    assertThat(violatedPaths(new OrderCreated(
        "e", 1, "s", "o", Instant.EPOCH, "b", "+8613800138000", null, null, new Money(null, null), "i",
        null, null, false)))
        .containsExactlyInAnyOrder("amount.minor", "amount.currency");
    assertThat(violatedPaths(new OrderPaid(null, null, null, null, null, null, null)))
        .containsExactlyInAnyOrder("eventId", "schemaVersion", "shopId", "orderId", "occurredAt", "amount", "paidAt");
    assertThat(violatedPaths(new OrderClosed("", 1, "", "", Instant.EPOCH, "")))
        .containsExactlyInAnyOrder("eventId", "shopId", "orderId", "reason");
    assertThat(violatedPaths(new ShopUpdated(null, " ", null, null, null, null, null, null)))
        .containsExactlyInAnyOrder(
            "schemaVersion", "shopId", "name", "apiKeySha256", "smsDelay", "smsFrom", "timeZone", "updatedAt");
  }

  @Test
  @DisplayName("rule: string components longer than @Size(max) are reported")
  void oversizedStringsAreReported() {
    OrderCreated c = ContractSamples.orderCreated();
    OrderCreated oversized = new OrderCreated(
        "e".repeat(129), 1, "s".repeat(65), "o".repeat(129), c.occurredAt(), "b".repeat(129), c.buyerPhone(),
        "h".repeat(129), c.buyerTimeZone(), c.amount(), "i".repeat(501), "n".repeat(1001), null, false);

    assertThat(violatedPaths(oversized))
        .containsExactlyInAnyOrder(
            "eventId", "shopId", "orderId", "buyerId", "chatHandle", "itemSummary", "buyerNote");
  }

  @Test
  @DisplayName("rule: OrderCreated.toString() never contains the raw phone number, the note or the chat handle")
  void toStringIsSafeForLogs() {
    OrderCreated created = withPhoneAndAmount(ContractSamples.PHONE_FORMATTED, ContractSamples.money(), "item");

    for (OrderCreated event : new OrderCreated[] {created, created.stampedFor("shop-1"), ContractSamples.orderCreated()}) {
      assertThat(event.toString())
          .doesNotContain("+8613800138000")
          .doesNotContain("8613800138000")
          .doesNotContain("13800138000")
          .doesNotContain("138 0013 8000")
          .doesNotContain("0013")
          .doesNotContain(ContractSamples.orderCreated().buyerNote())
          .doesNotContain(ContractSamples.orderCreated().chatHandle())
          .contains("+86 138****8000")
          .contains(event.orderId());
    }
    assertThat(withPhoneAndAmount("+86 138 0013 800O", ContractSamples.money(), "item").toString())
        .as("an invalid number is not printed either")
        .doesNotContain("0013")
        .contains("<invalid number>");
  }

  @Test
  @DisplayName("rule: stampedFor sets the shop id, the current schemaVersion and the E.164 phone, nothing else")
  void stampedForStampsOrderCreated() {
    OrderCreated c = ContractSamples.orderCreated();
    OrderCreated asSent = new OrderCreated(
        c.eventId(), 0, "shop-from-the-body", c.orderId(), c.occurredAt(), c.buyerId(),
        ContractSamples.PHONE_FORMATTED, c.chatHandle(), c.buyerTimeZone(), c.amount(), c.itemSummary(),
        c.buyerNote(), c.paymentDeadline(), c.talkedToService());

    OrderCreated stamped = asSent.stampedFor("shop-from-credentials");

    assertThat(stamped.shopId()).isEqualTo("shop-from-credentials");
    assertThat(stamped.schemaVersion()).isEqualTo(OrderEvent.SCHEMA_VERSION);
    assertThat(stamped.buyerPhone()).isEqualTo(ContractSamples.PHONE_E164);
    assertThat(stamped)
        .usingRecursiveComparison()
        .ignoringFields("shopId", "schemaVersion", "buyerPhone")
        .isEqualTo(asSent);
    assertThat(validator.validate(stamped)).isEmpty();
  }

  @Test
  @DisplayName("rule: stampedFor sets the shop id and the current schemaVersion on OrderPaid and OrderClosed")
  void stampedForStampsOtherEvents() {
    OrderPaid p = ContractSamples.orderPaid();
    OrderClosed c = ContractSamples.orderClosed();
    OrderEvent paid = new OrderPaid(p.eventId(), null, "x", p.orderId(), p.occurredAt(), p.amount(), p.paidAt())
        .stampedFor("shop-2");
    OrderEvent closed = new OrderClosed(c.eventId(), 7, "x", c.orderId(), c.occurredAt(), c.reason())
        .stampedFor("shop-2");

    assertThat(paid).isEqualTo(new OrderPaid(
        p.eventId(), OrderEvent.SCHEMA_VERSION, "shop-2", p.orderId(), p.occurredAt(), p.amount(), p.paidAt()));
    assertThat(closed).isEqualTo(new OrderClosed(
        c.eventId(), OrderEvent.SCHEMA_VERSION, "shop-2", c.orderId(), c.occurredAt(), c.reason()));
  }

  @Test
  @DisplayName("rule: stampedFor refuses an invalid phone number (validate before stamping)")
  void stampedForRejectsInvalidPhone() {
    OrderCreated invalid = withPhoneAndAmount("13800138000", ContractSamples.money(), "item");

    assertThatThrownBy(() -> invalid.stampedFor("shop-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("13800138000");
  }

  @Test
  @DisplayName("rule: key() is shopId/orderId for every event type")
  void keyIsShopSlashOrder() {
    for (OrderEvent event : ContractSamples.orderEvents()) {
      assertThat(event.key()).isEqualTo("shop-1/T20261111000001").isEqualTo(OrderEvent.key("shop-1", "T20261111000001"));
      assertThat(event.stampedFor("shop-9").key()).isEqualTo("shop-9/T20261111000001");
    }
  }
}
