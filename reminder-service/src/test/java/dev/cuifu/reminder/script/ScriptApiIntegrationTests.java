package dev.cuifu.reminder.script;

import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.cuifu.reminder.ReminderIntegrationTest;
import dev.cuifu.reminder.ReminderTestSupport;
import dev.cuifu.reminder.ShopApi;
import dev.cuifu.testing.twilio.StubMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** {@code /api/v1/scripts} as a shop, and the dispatcher sending what the shop wrote. */
class ScriptApiIntegrationTests extends ReminderIntegrationTest {

  @Autowired MockMvcTester mvc;

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  /** The API as this test's shop. */
  private ShopApi api() {
    return new ShopApi(mvc, shopId);
  }

  private long createSms(String text) {
    MvcTestResult created = api().post("/api/v1/scripts", "{\"name\":\"gentle\",\"channel\":\"sms\",\"locale\":\"zh-CN\",\"text\":\"" + text + "\"}");
    assertThat(created).hasStatus(HttpStatus.CREATED);
    return ((Number) JsonPath.read(bodyOf(created), "$.id")).longValue();
  }

  private static String bodyOf(MvcTestResult result) {
    try {
      return result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("API: a created SMS script answers its worst-case segment count and encoding, and is in use")
  void createShowsSegments() {
    MvcTestResult created =
        api().post("/api/v1/scripts", "{\"name\":\"gentle\",\"channel\":\"sms\",\"locale\":\"zh-CN\",\"text\":\"【{shopName}】订单{orderId}还未付款，遇到问题可回复。回TD退订\"}");
    assertThat(created).hasStatus(HttpStatus.CREATED).bodyJson().satisfies(json -> {
      assertThat(json).extractingPath("$.status").isEqualTo("ACTIVE");
      assertThat(json).extractingPath("$.tier").isEqualTo(1);
      assertThat(json).extractingPath("$.version").isEqualTo(1);
      assertThat(json).extractingPath("$.inUse").isEqualTo(true);
      assertThat(json).extractingPath("$.sms.encoding").isEqualTo("UCS-2");
      assertThat(json).extractingPath("$.sms.segments").isEqualTo(1);
      assertThat(json).extractingPath("$.sms.limit").isEqualTo(2);
      assertThat(json).extractingPath("$.sms.withinLimit").isEqualTo(true);
    });
  }

  @Test
  @DisplayName("API: a bad script is a 400 problem naming the problem: unknown placeholder, braces, empty, too long, bad channel")
  void badScriptsAreNamed() {
    assertThat(api().post("/api/v1/scripts", "{\"name\":\"x\",\"channel\":\"sms\",\"locale\":\"zh-CN\",\"text\":\"订单{orderId}共{amout}\"}"))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyJson()
        .satisfies(json -> {
          assertThat(json).extractingPath("$.errors[0].field").isEqualTo("text");
          assertThat(json).extractingPath("$.errors[0].message").asString().contains("unknown placeholder {amout}");
        });
    assertThat(api().post("/api/v1/scripts", "{\"name\":\"x\",\"channel\":\"chat\",\"locale\":\"en\",\"text\":\"order {orderId\"}"))
        .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].message").asString().contains("unbalanced braces");
    assertThat(api().post("/api/v1/scripts", "{\"name\":\"x\",\"channel\":\"chat\",\"locale\":\"en\",\"text\":\"\"}"))
        .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].message").asString().contains("must not be empty");
    String long_ = "您好".repeat(60);
    assertThat(api().post("/api/v1/scripts", "{\"name\":\"x\",\"channel\":\"sms\",\"locale\":\"zh-CN\",\"text\":\"" + long_ + "{orderId}\"}"))
        .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].message").asString()
        .contains("SMS segments").contains("UCS-2").contains("limit is 2");
    assertThat(api().post("/api/v1/scripts", "{\"name\":\"\",\"channel\":\"fax\",\"locale\":\"fr\",\"text\":\"x\"}"))
        .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().satisfies(json -> {
          assertThat(json).extractingPath("$.errors[*].field").asArray().containsExactly("name", "channel", "locale");
        });
    assertThat(api().get("/api/v1/scripts")).bodyJson().extractingPath("$").asArray().isEmpty();
  }

  @Test
  @DisplayName("API: editing adds a version and keeps the old one; a retired script takes no edits; another shop sees nothing")
  void versionsAndRetire() {
    long id = createSms("订单{orderId}未付款，遇到问题可回复。");
    assertThat(api().put("/api/v1/scripts/" + id, "{\"text\":\"订单{orderId}还没付款，需要帮忙吗？\"}"))
        .hasStatusOk().bodyJson().extractingPath("$.version").isEqualTo(2);
    assertThat(api().get("/api/v1/scripts/" + id)).hasStatusOk().bodyJson().satisfies(json -> {
      assertThat(json).extractingPath("$.text").isEqualTo("订单{orderId}还没付款，需要帮忙吗？");
      assertThat(json).extractingPath("$.versions[*].version").asArray().containsExactly(1, 2);
      assertThat(json).extractingPath("$.versions[0].text").isEqualTo("订单{orderId}未付款，遇到问题可回复。");
    });
    assertThat(api().put("/api/v1/scripts/" + id, "{\"text\":\"订单{orderld}\"}")).hasStatus(HttpStatus.BAD_REQUEST);

    assertThat(api().post("/api/v1/scripts/" + id + "/retire", "")).hasStatusOk().bodyJson().satisfies(json -> {
      assertThat(json).extractingPath("$.status").isEqualTo("RETIRED");
      assertThat(json).extractingPath("$.inUse").isEqualTo(false);
    });
    assertThat(api().put("/api/v1/scripts/" + id, "{\"text\":\"订单{orderId}\"}")).hasStatus(HttpStatus.CONFLICT);
    assertThat(api().get("/api/v1/scripts")).bodyJson().extractingPath("$").asArray().isEmpty();
    assertThat(api().get("/api/v1/scripts?retired=true")).bodyJson().satisfies(json -> {
      assertThat(json).extractingPath("$[0].status").isEqualTo("RETIRED");
      assertThat(json).doesNotHavePath("$[0].versions");
    });

    String other = newShop();
    assertThat(mvc.get().uri("/api/v1/scripts/" + id).header("X-Api-Key", apiKey(other))).hasStatus(HttpStatus.NOT_FOUND);
    assertThat(mvc.get().uri("/api/v1/scripts")).hasStatus(HttpStatus.UNAUTHORIZED);
  }

  @Test
  @DisplayName("API: settings choose the language and segment limit; the defaults list says which default is in use")
  void settingsAndDefaults() {
    assertThat(api().get("/api/v1/scripts/settings")).hasStatusOk().bodyJson().satisfies(json -> {
      assertThat(json).extractingPath("$.locale").isEqualTo("zh-CN");
      assertThat(json).extractingPath("$.smsMaxSegments").isEqualTo(2);
    });
    assertThat(api().put("/api/v1/scripts/settings", "{\"locale\":\"de\",\"smsMaxSegments\":11,\"paymentLink\":\"ftp://x\"}"))
        .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[*].field").asArray()
        .containsExactly("locale", "smsMaxSegments", "paymentLink");
    assertThat(api().put("/api/v1/scripts/settings", "{\"locale\":\"en\",\"smsMaxSegments\":1,\"paymentLink\":\"https://s.example/pay/{orderId}\"}"))
        .hasStatusOk();
    assertThat(api().get("/api/v1/scripts/defaults")).hasStatusOk().bodyJson().satisfies(json -> {
      assertThat(json).extractingPath("$[?(@.inUse == true)].locale").asArray().containsOnly("en").hasSize(3);
      assertThat(json).extractingPath("$[?(@.channel == 'sms' && @.locale == 'en')].sms.encoding").asArray().containsExactly("UCS-2");
    });
  }

  @Test
  @DisplayName("dispatch: the SMS goes out with the shop's own script; once it is retired, the default wording returns")
  void dispatchUsesTheShopsScript() {
    long id = createSms("【{shopName}】订单{orderId}（{item}）还没付款，需要帮忙吗？回TD退订");
    String orderId = uniqueOrderId();
    String sent = smsForANewOrder(orderId);
    assertThat(sent).isEqualTo("【小店" + shopId + "】订单" + orderId + "（羊毛围巾 红色）还没付款，需要帮忙吗？回TD退订");
    assertThat(smsTouch(orderId).get("body")).isEqualTo(sent);

    assertThat(api().post("/api/v1/scripts/" + id + "/retire", "")).hasStatusOk();
    String next = uniqueOrderId();
    assertThat(smsForANewOrder(next)).startsWith("【小店" + shopId + "】您好，您的订单" + next + "（羊毛围巾 红色，128.00 CNY）还未付款");
  }

  /** Places an unpaid order, lets its SMS fall due, and answers the text the buyer received. */
  private String smsForANewOrder(String orderId) {
    String phone = uniquePhone();
    publish(ENV.ordersTopic(), created(shopId, orderId, phone, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(20)).until(() -> hasSmsTouch(orderId));
    CLOCK.advance(SHOP_DELAY.plusMinutes(1));
    await().atMost(Duration.ofSeconds(20)).until(() -> smsTo(phone).size() == 1);
    return smsTo(phone).get(0).body();
  }

  private static List<StubMessage> smsTo(String phone) {
    return ReminderTestSupport.twilioStub().messages().stream().filter(m -> phone.equals(m.to())).toList();
  }
}
