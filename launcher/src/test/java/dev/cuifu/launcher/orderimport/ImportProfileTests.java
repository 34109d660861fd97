package dev.cuifu.launcher.orderimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cuifu.common.orderfile.InvalidProfileException;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ImportProfileTests {

  @Test
  @DisplayName("rule: a profile JSON maps header names per field, with its time zone, currency and item summary")
  void readsAValidProfile() {
    ImportProfile profile =
        ImportProfile.fromJson(
            """
            {"name": "my-shop",
             "columns": {"orderId": "Order No", "createdAt": "Created", "paidAt": "Paid", "amount": "Total",
                         "buyerId": "Customer", "buyerPhone": "Phone", "closedAt": "Closed"},
             "currency": "cny", "timeZone": "Asia/Shanghai", "itemSummary": "您的订单"}""",
            "my-shop.json");

    assertThat(profile.file().name()).isEqualTo("my-shop");
    assertThat(profile.file().orderId()).isEqualTo("Order No");
    assertThat(profile.file().buyerPhone()).isEqualTo("Phone");
    assertThat(profile.file().fixedCurrency()).isEqualTo("CNY");
    assertThat(profile.file().zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    assertThat(profile.file().timestampPattern()).isEqualTo(ImportProfile.DEFAULT_PATTERN);
    assertThat(profile.itemSummary()).isEqualTo("您的订单");
    assertThat(profile.whyNotImportable()).isNull();
  }

  @Test
  @DisplayName("rule: an invalid profile names every wrong field at once, with what it takes")
  void namesEveryProblem() {
    assertThatThrownBy(
            () ->
                ImportProfile.fromJson(
                    """
                    {"columns": {"orderId": "Order No", "createdAt": "Created", "amount": 3, "phone": "Phone"},
                     "timeZone": "Mars/Olympus", "timestampPattern": "yyyy-MM-dd {", "colour": "red"}""",
                    "bad.json"))
        .isInstanceOfSatisfying(
            InvalidProfileException.class,
            e -> {
              assertThat(e.getMessage()).contains("bad.json");
              assertThat(e.problems())
                  .anySatisfy(p -> assertThat(p).startsWith("colour: not a profile field"))
                  .anySatisfy(p -> assertThat(p).startsWith("columns.phone: not a column Cuifu reads"))
                  .anySatisfy(p -> assertThat(p).isEqualTo("columns.amount: must be a non-empty string"))
                  .anySatisfy(p -> assertThat(p).isEqualTo("columns.buyerId: required"))
                  .anySatisfy(p -> assertThat(p).isEqualTo("columns.buyerPhone: required"))
                  .anySatisfy(p -> assertThat(p).startsWith("currency: give either a fixed currency"))
                  .anySatisfy(p -> assertThat(p).startsWith("timeZone: not a time zone id"))
                  .anySatisfy(p -> assertThat(p).startsWith("timestampPattern: not a java.time DateTimeFormatter pattern"))
                  .anySatisfy(p -> assertThat(p).isEqualTo("itemSummary: required"));
              assertThat(e.describe()).contains("\n  - colour");
            });
    assertThatThrownBy(() -> ImportProfile.fromJson("{\"columns\": ", "cut.json"))
        .isInstanceOf(InvalidProfileException.class)
        .hasMessageContaining("cut.json is not JSON (line 1");
  }

  @Test
  @DisplayName("rule: the Tmall report has no buyer phone: importing it is refused once, up front, saying why")
  void tmallCannotBeImported() {
    ImportProfile tmall = ImportProfile.load("tmall");

    assertThat(tmall.whyNotImportable())
        .contains("no buyer phone column")
        .contains("no buyer id column")
        .contains("backtest");
    assertThatThrownBy(() -> ImportProfile.load("shopify-nonexistent.json"))
        .isInstanceOf(InvalidProfileException.class)
        .hasMessageContaining("no built-in profile 'shopify-nonexistent.json' (there are [tmall])");
  }
}
