package dev.cuifu.common.orderfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One reader of profile files for import and backtest: what each use requires of the same JSON. */
class OrderFileProfilesTests {

  private static final String NO_BUYERS =
      """
      {"name": "orders-only",
       "columns": {"orderId": "No", "createdAt": "Created", "paidAt": "Paid", "amount": "Total"},
       "currency": "EUR", "timeZone": "Europe/Berlin", "timestampPattern": "dd.MM.yyyy HH:mm"}""";

  @Test
  void aBacktestProfileNeedsNoBuyersNorItemSummaryAnImportDoes() {
    OrderFileProfiles.Loaded loaded = OrderFileProfiles.fromJson(NO_BUYERS, "orders-only.json", OrderFileProfiles.Use.BACKTEST);

    assertThat(loaded.file().name()).isEqualTo("orders-only");
    assertThat(loaded.file().paidAt()).isEqualTo("Paid");
    assertThat(loaded.file().buyerPhone()).isNull();
    assertThat(loaded.file().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(loaded.itemSummary()).isNull();
    assertThatThrownBy(() -> OrderFileProfiles.fromJson(NO_BUYERS, "orders-only.json", OrderFileProfiles.Use.IMPORT))
        .isInstanceOfSatisfying(
            InvalidProfileException.class,
            e -> assertThat(e.problems()).containsExactlyInAnyOrder("columns.buyerId: required", "columns.buyerPhone: required", "itemSummary: required"));
  }

  @Test
  void aFileOrABuiltInNameAndEveryMistakeNamed(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("p.json"), NO_BUYERS.replace("\"Total\"", "\"Total\", \"phone\": \"Tel\""));

    assertThat(OrderFileProfiles.load("TMALL", OrderFileProfiles.Use.BACKTEST).file()).isEqualTo(OrderFileProfile.TMALL);
    assertThatThrownBy(() -> OrderFileProfiles.load(file.toString(), OrderFileProfiles.Use.BACKTEST))
        .isInstanceOfSatisfying(
            InvalidProfileException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo("profile p.json is not valid");
              assertThat(e.problems()).singleElement().asString().startsWith("columns.phone: not a column Cuifu reads");
            });
    assertThatThrownBy(() -> OrderFileProfiles.load(dir.resolve("none.json").toString(), OrderFileProfiles.Use.BACKTEST))
        .isInstanceOf(InvalidProfileException.class)
        .hasMessageContaining("no built-in profile");
  }

  @Test
  void oneHeaderColumnReadAsTwoFieldsIsNamedInsteadOfReplayingEveryOrderWrong() {
    String shared = NO_BUYERS.replace("\"Paid\"", "\"Created\"").replace("\"Total\"", "\" No \"");

    assertThatThrownBy(() -> OrderFileProfiles.fromJson(shared, "shared.json", OrderFileProfiles.Use.BACKTEST))
        .isInstanceOfSatisfying(
            InvalidProfileException.class,
            e -> assertThat(e.problems())
                .containsExactlyInAnyOrder(
                    "columns.paidAt: the same header column as columns.createdAt; each field needs a column of its own",
                    "columns.amount: the same header column as columns.orderId; each field needs a column of its own"));
  }

  @Test
  void aCurrencyOfTheWrongTypeIsNamedOnceNotAsBothOrNeither() {
    String wrongType = NO_BUYERS.replace("\"currency\": \"EUR\"", "\"currency\": 7");

    assertThatThrownBy(() -> OrderFileProfiles.fromJson(wrongType, "wrong.json", OrderFileProfiles.Use.BACKTEST))
        .isInstanceOfSatisfying(
            InvalidProfileException.class,
            e -> assertThat(e.problems()).containsExactly("currency: must be a non-empty string"));
  }

  @Test
  void aFieldGivenTwiceIsRefusedNotReadAsItsLastValue() {
    String twice = NO_BUYERS.replace("\"orderId\": \"No\"", "\"orderId\": \"No\", \"orderId\": \"Total\"");

    assertThatThrownBy(() -> OrderFileProfiles.fromJson(twice, "twice.json", OrderFileProfiles.Use.BACKTEST))
        .isInstanceOf(InvalidProfileException.class)
        .hasMessageStartingWith("profile twice.json names a field twice (line 2");
  }

  @Test
  void aHugeNameOrAHeaderWithControlCharactersIsNamedAnItemSummaryMayBe500() {
    String summary = NO_BUYERS.replace("\"currency\"", "\"itemSummary\": \"" + "s".repeat(500) + "\", \"currency\"");
    assertThat(OrderFileProfiles.fromJson(summary, "summary.json", OrderFileProfiles.Use.BACKTEST).itemSummary()).hasSize(500);
    assertThatThrownBy(() -> OrderFileProfiles.fromJson(summary.replace("s".repeat(500), "s".repeat(501)), "summary.json", OrderFileProfiles.Use.BACKTEST))
        .isInstanceOfSatisfying(
            InvalidProfileException.class,
            e -> assertThat(e.problems()).containsExactly("itemSummary: must be at most 500 characters without control or format characters"));

    String hostile =
        NO_BUYERS.replace("\"orders-only\"", "\"" + "n".repeat(201) + "\"").replace("\"Total\"", "\"To\\u001b[2Jtal\"");

    assertThatThrownBy(() -> OrderFileProfiles.fromJson(hostile, "hostile.json", OrderFileProfiles.Use.BACKTEST))
        .isInstanceOfSatisfying(
            InvalidProfileException.class,
            e -> assertThat(e.problems())
                .containsExactlyInAnyOrder(
                    "name: must be at most 200 characters without control or format characters",
                    "columns.amount: must be at most 200 characters without control or format characters"));
  }
}
