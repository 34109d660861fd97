package dev.cuifu.reminder.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.cuifu.reminder.ManualDispatchIntegrationTest;
import dev.cuifu.reminder.ShopApi;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Creating an experiment refuses, with a problem+json 400 naming the field and the allowed values,
 * what would otherwise be stored silently as something else: auto-apply on an A/A test, a name that
 * reads differently than it is stored, a minimum sample beyond an int, a share that rounds to 0.
 */
class ExperimentCreationValidationIntegrationTests extends ManualDispatchIntegrationTest {

  private static final String TEXT = "Order {orderId} is still unpaid. Need help paying? Just reply. STOP to opt out";

  @Autowired MockMvcTester mvc;

  private long script;

  @BeforeEach
  void shop() {
    shopId = newShop();
    String created =
        ShopApi.body(
            api().post("/api/v1/scripts", "{\"name\":\"s\",\"channel\":\"sms\",\"locale\":\"en\",\"text\":\"" + TEXT + "\"}"), HttpStatus.CREATED);
    script = ((Number) JsonPath.read(created, "$.id")).longValue();
  }

  @Test
  @DisplayName("autoApply on an A/A experiment (every arm the same script text and delay, a copy of a script too) is refused with the reason; A/A without it, or arms differing by delay, are created")
  void autoApplyOnAnAaExperimentIsRefused() {
    String refused = refused(body("\"autoApply\":true", arm("a", null), arm("b", null)), "autoApply");
    assertThat(refused).contains("A/A").contains("same script text and delay");
    String copy =
        ShopApi.body(
            api().post("/api/v1/scripts", "{\"name\":\"copy\",\"channel\":\"sms\",\"locale\":\"en\",\"text\":\"" + TEXT + " \"}"),
            HttpStatus.CREATED);
    String armOnTheCopy = "{\"id\":\"c\",\"scriptId\":" + ((Number) JsonPath.read(copy, "$.id")).longValue() + "}";
    assertThat(refused(body("\"autoApply\":true", arm("a", null), armOnTheCopy), "autoApply")).as("a copy of the same text").contains("A/A");
    stop(created(body("\"autoApply\":true", arm("a", null), arm("b", "PT1H"))));
    stop(created(body("\"autoApply\":false", arm("a", null), arm("b", null))));
  }

  @Test
  @DisplayName("a name with a bidi control, another invisible format character or a control character is refused; plain CJK text is not")
  void namesWithControlOrFormatCharactersAreRefused() {
    for (String bad : List.of("\\u202e", "\\u202a", "\\u2066", "\\u2069", "\\u200e", "\\u200f", "\\u200b", "\\n", "\\u2028")) {
      String message = refused("{\"name\":\"wording" + bad + "test\",\"tier\":1,\"arms\":[" + arm("a", null) + "]}", "name");
      assertThat(message).as("name with " + bad).contains("control or invisible formatting characters");
    }
    // other control characters are refused by the body reader already, naming the field too
    assertThat(refused("{\"name\":\"bell\\u0007\",\"tier\":1,\"arms\":[" + arm("a", null) + "]}", "name")).contains("control characters");
    stop(created("{\"name\":\"措辞 A · gentle\",\"tier\":1,\"arms\":[" + arm("a", null) + "]}"));
  }

  @Test
  @DisplayName("minSamplePerArm beyond an int, fractional or 0 names the allowed range, not a parser's overflow text")
  void minSampleOutOfRangeGivesTheAllowedRange() {
    for (String bad : List.of("99999999999", "1e30", "1.5", "0", "-3")) {
      assertThat(refused(body("\"minSamplePerArm\":" + bad, arm("a", null)), "minSamplePerArm"))
          .as("minSamplePerArm " + bad)
          .isEqualTo("must be a whole number from 1 to 1000000");
    }
    String created = created(body("\"minSamplePerArm\":1e3", arm("a", null)));
    assertThat((Integer) JsonPath.read(created, "$.minSamplePerArm")).isEqualTo(1000);
    stop(created);
  }

  @Test
  @DisplayName("a fractional tier or seed is refused naming the field, not truncated (\"tier\":1.5 created an SMS experiment)")
  void fractionalWholeNumbersAreRefused() {
    assertThat(refused("{\"name\":\"v\",\"tier\":1.5,\"arms\":[" + arm("a", null) + "]}", "tier")).contains("wrong");
    assertThat(refused(body("\"seed\":7.5", arm("a", null)), "seed")).contains("wrong");
  }

  @Test
  @DisplayName("a holdout share that is not 0 yet below 0.01 (1e-400 underflows a double to 0), above 0.5 or finer than 4 decimals is refused with the range, never stored as 0")
  void aShareThatWouldRoundToZeroIsRefused() {
    for (String bad : List.of("1e-400", "0.001", "4.9e-324", "0.12345", "0.51", "-0.1")) {
      assertThat(refused(body("\"holdoutShare\":" + bad, arm("a", null)), "holdoutShare"))
          .as("holdoutShare " + bad)
          .isEqualTo("must be 0 (none) or from 0.01 to 0.5, with at most 4 decimals");
    }
    assertThat(refused(body("\"holdoutShare\":0.2,\"autoApply\":true,\"decayHoldoutShare\":1e-400", arm("a", null), arm("b", "PT1H")),
        "decayHoldoutShare")).contains("0.01 to 0.5");
    String none = created(body("\"holdoutShare\":0", arm("a", null)));
    assertThat(((Number) JsonPath.read(none, "$.holdoutShare")).doubleValue()).isZero();
    stop(none);
    String small = created(body("\"holdoutShare\":0.0125", arm("a", null)));
    assertThat(((Number) JsonPath.read(small, "$.holdoutShare")).doubleValue()).isEqualTo(0.0125);
    stop(small);
  }

  private String body(String extra, String... arms) {
    return "{\"name\":\"v\",\"tier\":1," + extra + ",\"arms\":[" + String.join(",", arms) + "]}";
  }

  private String arm(String id, String delay) {
    return "{\"id\":\"" + id + "\",\"scriptId\":" + script + (delay == null ? "" : ",\"delay\":\"" + delay + "\"") + "}";
  }

  /** Posts {@code json}, expects a 400 whose only problem is {@code field}; its message. */
  private String refused(String json, String field) {
    String problem = ShopApi.body(api().post("/api/v1/experiments", json), HttpStatus.BAD_REQUEST);
    assertThat(JsonPath.<List<String>>read(problem, "$.errors[*].field")).as(json).containsExactly(field);
    assertThat(JsonPath.<String>read(problem, "$.type")).isEqualTo("https://cuifu.dev/problems/invalid-request");
    return JsonPath.<List<String>>read(problem, "$.errors[*].message").get(0);
  }

  private String created(String json) {
    return ShopApi.body(api().post("/api/v1/experiments", json), HttpStatus.CREATED);
  }

  private void stop(String created) {
    assertThat(api().post("/api/v1/experiments/" + ((Number) JsonPath.read(created, "$.id")).longValue() + "/stop", "")).hasStatusOk();
  }

  private ShopApi api() {
    return new ShopApi(mvc, shopId);
  }
}
