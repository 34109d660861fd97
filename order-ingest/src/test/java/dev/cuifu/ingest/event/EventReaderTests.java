package dev.cuifu.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.ingest.IngestIntegrationTest;
import dev.cuifu.ingest.config.IngestProperties;
import dev.cuifu.ingest.web.FieldProblem;
import dev.cuifu.ingest.web.InvalidRequestException;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How bodies become events or field-by-field problems; no Spring, no broker. */
class EventReaderTests {

  private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();
  private static final IngestProperties PROPERTIES =
          new IngestProperties(
              "0123456789abcdef",
              new IngestProperties.TopicSettings("o", 1, "s", 1),
              3,
              Duration.ofSeconds(1),
              Duration.ofSeconds(5),
              new IngestProperties.AcceptedInstants(
                  Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2100-01-01T00:00:00Z")),
              new IngestProperties.ApiKeySettings(Duration.ofHours(24), Duration.ofDays(30), Duration.ofSeconds(30)));
  /** Shops without a phone region, as every shop was before regions. */
  private static final EventReader READER =
      new EventReader(VALIDATION.getValidator(), PROPERTIES, shopId -> Optional.empty());

  @AfterAll
  static void close() {
    VALIDATION.close();
  }

  @Test
  void aValidEventIsStampedWithTheShopAndNormalised() {
    OrderEvent event = READER.readOne(bytes(IngestIntegrationTest.orderCreated("e", "o", "+86 138 0013 8000", 1)), "shop-1");
    assertThat(event).isInstanceOf(OrderCreated.class);
    assertThat(event.shopId()).isEqualTo("shop-1");
    assertThat(event.schemaVersion()).isEqualTo(OrderEvent.SCHEMA_VERSION);
    assertThat(((OrderCreated) event).buyerPhone()).isEqualTo("+8613800138000");
    assertThat(event.key()).isEqualTo("shop-1/o");
  }

  @Test
  void malformedJsonReportsLineAndColumn() {
    InvalidRequestException e = invalid(() -> READER.readOne(bytes("{\n\n  \"a\": tru }"), "shop-1"));
    assertThat(e.properties()).containsEntry("line", 3);
    assertThat(e.getMessage()).contains("line 3");
  }

  @Test
  void everyViolationIsNamed() {
    String body =
        IngestIntegrationTest.orderCreated("", "o", "+1 555", -1).replace("\"CNY\"", "\"cny\"");
    assertThat(invalid(() -> READER.readOne(bytes(body), "shop-1")).errors())
        .extracting(FieldProblem::field)
        .containsExactly("amount.currency", "amount.minor", "buyerPhone", "eventId");
  }

  @Test
  void aMissingPhoneIsReportedNotThrown() {
    String body = IngestIntegrationTest.orderCreated("e", "o").replace("\"buyerPhone\": \"+86 138 0013 8000\",", "");
    assertThat(invalid(() -> READER.readOne(bytes(body), "shop-1")).errors())
        .extracting(FieldProblem::field)
        .containsExactly("buyerPhone");
  }

  @Test
  void batchProblemsAreNamedByIndexAndTheSizeIsBounded() {
    String batch =
        "{\"events\": [%s, %s]}"
            .formatted(
                IngestIntegrationTest.orderCreated("a", "o"),
                IngestIntegrationTest.orderCreated("b", "o").replace("12900", "{}"));
    assertThat(invalid(() -> READER.readBatch(bytes(batch), "shop-1")).errors())
        .extracting(FieldProblem::field)
        .containsExactly("events[1].amount.minor");
    String tooBig = "{\"events\": [{}, {}, {}, {}]}";
    assertThat(invalid(() -> READER.readBatch(bytes(tooBig), "shop-1")).errors())
        .extracting(FieldProblem::field)
        .containsExactly("events");
    assertThat(invalid(() -> READER.readBatch(bytes("[]"), "shop-1")).errors())
        .extracting(FieldProblem::field)
        .containsExactly("$");
  }

  @Test
  void anEventThatIsNotAnObjectIsNamed() {
    List<FieldProblem> problems = invalid(() -> READER.readBatch(bytes("{\"events\": [42]}"), "s")).errors();
    assertThat(problems).containsExactly(new FieldProblem("events[0]", "must be an event object"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "occurredAt | \"occurredAt\": \"2025-06-01T08:00:00Z\" | \"occurredAt\": \"+10000-01-01T00:00:00Z\" | must lie between",
        "occurredAt | \"occurredAt\": \"2025-06-01T08:00:00Z\" | \"occurredAt\": 1748764800 | wrong type or format",
        "paymentDeadline | \"paymentDeadline\": \"2025-06-04T08:00:00Z\" | \"paymentDeadline\": \"-999999999-01-01T00:00:00Z\" | must lie between",
        "paymentDeadline | \"paymentDeadline\": \"2025-06-04T08:00:00Z\" | \"paymentDeadline\": \"2025-06-01T07:00:00Z\" | must be after occurredAt",
        "itemSummary | Tea set | Tea\\u0000set | control characters",
        "orderId | \"orderId\": \"o\" | \"orderId\": \"o\\u0007\" | control characters",
        "buyerId | buyer-1 | buyer-\\ud800 | surrogates",
        "amount.minor | \"minor\": 12900 | \"minor\": \"12900\" | wrong type or format",
        "paymentDeadlin | \"paymentDeadline\" | \"paymentDeadlin\" | not a known field",
        "amount.minor | \"minor\": 12900 | \"minor\": 9223372036854775807 | must be less than or equal to",
      })
  @DisplayName("rule: ingest accepts only what can be stored and planned, naming the field")
  void refusesWhatCannotBeStoredOrPlanned(String field, String replace, String with, String message) {
    String body = IngestIntegrationTest.orderCreated("e", "o").replace(replace, with);
    assertThat(body).as("the case must change the body").isNotEqualTo(IngestIntegrationTest.orderCreated("e", "o"));
    List<FieldProblem> problems = invalid(() -> READER.readOne(bytes(body), "shop-1")).errors();
    assertThat(problems).extracting(FieldProblem::field).contains(field);
    assertThat(problems).filteredOn(p -> p.field().equals(field)).extracting(FieldProblem::message).anyMatch(m -> m.contains(message));
  }

  @Test
  @DisplayName("rule: a property twice, or a batch field other than events, is refused")
  void duplicatesAndStrayBatchFieldsAreRefused() {
    String twice = IngestIntegrationTest.orderCreated("e", "o").replace("\"orderId\": \"o\"", "\"orderId\": \"o\", \"orderId\": \"p\"");
    assertThat(invalid(() -> READER.readOne(bytes(twice), "shop-1")).getMessage()).contains("orderId");
    String stray = "{\"events\": [%s], \"extra\": 1}".formatted(IngestIntegrationTest.orderCreated("a", "o"));
    assertThat(invalid(() -> READER.readBatch(bytes(stray), "shop-1")).errors())
        .extracting(FieldProblem::field)
        .containsExactly("extra");
  }

  @Test
  @DisplayName("rule: a national number is read in the shop's region, looked up once per request and only when needed")
  void nationalNumbersAreReadInTheShopsRegion() {
    AtomicInteger lookups = new AtomicInteger();
    EventReader reader =
        new EventReader(VALIDATION.getValidator(), PROPERTIES, shopId -> {
          lookups.incrementAndGet();
          return Optional.of("CN");
        });
    OrderCreated event = (OrderCreated) reader.readOne(bytes(IngestIntegrationTest.orderCreated("e", "o", "13800138000", 1)), "shop-1");
    assertThat(event.buyerPhone()).isEqualTo("+8613800138000");
    assertThat(lookups).hasValue(1);

    String batch =
        "{\"events\": [%s, %s, %s]}"
            .formatted(
                IngestIntegrationTest.orderCreated("a", "o", "138 0013 8000", 1),
                IngestIntegrationTest.orderCreated("b", "o", "13900139000", 1),
                IngestIntegrationTest.orderCreated("c", "o", "+86 139 0000 0000", 1));
    assertThat(reader.readBatch(bytes(batch), "shop-1"))
        .extracting(e -> ((OrderCreated) e).buyerPhone())
        .containsExactly("+8613800138000", "+8613900139000", "+8613900000000");
    assertThat(lookups).as("one lookup for the batch").hasValue(2);

    reader.readOne(bytes(IngestIntegrationTest.orderCreated("e", "o", "+86 138 0013 8000", 1)), "shop-1");
    assertThat(lookups).as("none for an international number").hasValue(2);
  }

  @Test
  @DisplayName("rule: a number an SMS cannot reach is refused with the reason, masked, next to the other bad fields")
  void aFixedLineIsRefusedWithTheReason() {
    EventReader reader = new EventReader(VALIDATION.getValidator(), PROPERTIES, shopId -> Optional.of("CN"));
    String body = IngestIntegrationTest.orderCreated("", "o", "010 12345678", -1);
    List<FieldProblem> problems = invalid(() -> reader.readOne(bytes(body), "shop-1")).errors();
    assertThat(problems).extracting(FieldProblem::field).containsExactly("amount.minor", "buyerPhone", "eventId");
    assertThat(problems.get(1).message()).contains("+86 101***5678", "fixed-line").doesNotContain("12345678");

    String batch = "{\"events\": [%s, %s]}".formatted(
        IngestIntegrationTest.orderCreated("a", "o", "13800138000", 1), IngestIntegrationTest.orderCreated("b", "o", "4001234567", 1));
    assertThat(invalid(() -> reader.readBatch(bytes(batch), "shop-1")).errors())
        .singleElement()
        .satisfies(p -> assertThat(p.field()).isEqualTo("events[1].buyerPhone"))
        .satisfies(p -> assertThat(p.message()).contains("shared-cost"));
  }

  @Test
  @DisplayName("rule: without a region a national number is refused, and the reason says to set phoneRegion")
  void withoutARegionANationalNumberIsRefused() {
    List<FieldProblem> problems =
        invalid(() -> READER.readOne(bytes(IngestIntegrationTest.orderCreated("e", "o", "13800138000", 1)), "shop-1")).errors();
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("buyerPhone");
      assertThat(p.message()).contains("phoneRegion").doesNotContain("13800138000");
    });
  }

  private static InvalidRequestException invalid(Runnable read) {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, read::run);
    assertThat(e).as("an InvalidRequestException").isNotNull();
    return e;
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
