package dev.cuifu.reminder.policy;

import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.common.event.ShopUpdated;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.common.shop.ApiKeyDigest;
import dev.cuifu.reminder.ReminderIntegrationTest;
import dev.cuifu.reminder.ReminderTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET/PUT /api/v1/policy} and {@link ShopPolicies} on the real database, as a shop. */
class PolicyApiIntegrationTests extends ReminderIntegrationTest {

  static final String VALID =
      """
      {
        "sms": {"enabled": true, "delay": "PT45M", "from": "MG0123456789abcdef0123456789abcdef"},
        "chat": {"enabled": true, "delay": "PT20H", "webhookUrl": "https://im.shop.example/cuifu"},
        "phone": {"enabled": false, "delay": "PT2H", "minAmountMinor": 80000,
                  "returningBuyerMinPaidOrders": 2, "onBuyerNote": false},
        "minOrderAmountMinor": 5000,
        "defaultPaymentDeadline": "PT48H",
        "timeZone": "Asia/Shanghai",
        "quietHours": {"start": "22:30", "end": "07:00"},
        "frequencyCap": {"maxMessages": 2, "window": "PT12H"},
        "stockCheckUrl": "https://shop.example/stock"
      }
      """;

  @Autowired MockMvcTester mvc;
  @Autowired ShopPolicies policies;
  @Autowired MeterRegistry meters;

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  void aNewShopIsServedTheDefaultsSeededFromItsShopReplica() {
    String seeded = dev.cuifu.testing.TestInfrastructure.uniqueName("shop").replace('_', '-');
    ReminderTestSupport.publishShop(
        ENV.shopsTopic(),
        new ShopUpdated(
            ShopUpdated.SCHEMA_VERSION, seeded, "Seeded", List.of(ApiKeyDigest.sha256Hex(apiKey(seeded))),
            Duration.ofMinutes(45), "MG" + "ab".repeat(16), ZoneId.of("Europe/Berlin"), CLOCK.instant()));
    await().atMost(Duration.ofSeconds(30))
        .until(() -> jdbc.sql("select count(*) from shop where shop_id = ?").param(seeded).query(Long.class).single() == 1);

    assertThat(mvc.get().uri("/api/v1/policy").header("X-Api-Key", apiKey(seeded)))
        .hasStatusOk()
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.version").isEqualTo(0);
              assertThat(json).extractingPath("$.defaults").isEqualTo(true);
              assertThat(json).doesNotHavePath("$.updatedAt");
              assertThat(json).extractingPath("$.policy.sms.enabled").isEqualTo(true);
              assertThat(json).extractingPath("$.policy.sms.delay").isEqualTo("PT45M");
              assertThat(json).extractingPath("$.policy.sms.from").isEqualTo("MG" + "ab".repeat(16));
              assertThat(json).extractingPath("$.policy.timeZone").isEqualTo("Europe/Berlin");
              assertThat(json).extractingPath("$.policy.chat.delay").isEqualTo("PT24H");
              assertThat(json).extractingPath("$.policy.phone.delay").isEqualTo("PT1H");
              assertThat(json).extractingPath("$.policy.phone.minAmountMinor").isEqualTo(50000);
              assertThat(json).extractingPath("$.policy.phone.returningBuyerMinPaidOrders").isEqualTo(1);
              assertThat(json).extractingPath("$.policy.phone.onBuyerNote").isEqualTo(true);
              assertThat(json).extractingPath("$.policy.minOrderAmountMinor").isEqualTo(0);
              assertThat(json).extractingPath("$.policy.defaultPaymentDeadline").isEqualTo("PT72H");
              assertThat(json).extractingPath("$.policy.quietHours.start").isEqualTo("21:00");
              assertThat(json).extractingPath("$.policy.quietHours.end").isEqualTo("08:00");
              assertThat(json).extractingPath("$.policy.frequencyCap.maxMessages").isEqualTo(1);
              assertThat(json).extractingPath("$.policy.frequencyCap.window").isEqualTo("PT24H");
            });

    ShopPolicy policy = policies.forShop(seeded);
    assertThat(policy.sms().delay()).isEqualTo(Duration.ofMinutes(45));
    assertThat(policy.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(policies.forShop(shopId).sms().from()).as("the test shop's sender").isEqualTo("+14155550100");
  }

  @Test
  void aValidPolicyRoundTripsAndEveryUpdateBumpsTheVersion() {
    double updatesBefore = meters.counter("cuifu.policy.updates").count();

    assertThat(put(apiKey(shopId), VALID))
        .hasStatusOk()
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.version").isEqualTo(1);
              assertThat(json).extractingPath("$.defaults").isEqualTo(false);
              assertThat(json).extractingPath("$.updatedAt").isEqualTo(CLOCK.instant().toString());
              assertThat(json).extractingPath("$.appliesTo")
                  .isEqualTo("orders planned from " + CLOCK.instant() + " on; touches already planned keep their schedule");
              assertThat(json).extractingPath("$.policy.sms.delay").isEqualTo("PT45M");
            });

    assertThat(mvc.get().uri("/api/v1/policy").header("X-Api-Key", apiKey(shopId)))
        .hasStatusOk()
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.version").isEqualTo(1);
              assertThat(json).extractingPath("$.defaults").isEqualTo(false);
              assertThat(json).extractingPath("$.policy.sms.from").isEqualTo("MG0123456789abcdef0123456789abcdef");
              assertThat(json).extractingPath("$.policy.chat.delay").isEqualTo("PT20H");
              assertThat(json).extractingPath("$.policy.chat.webhookUrl").isEqualTo("https://im.shop.example/cuifu");
              assertThat(json).extractingPath("$.policy.phone.enabled").isEqualTo(false);
              assertThat(json).extractingPath("$.policy.phone.minAmountMinor").isEqualTo(80000);
              assertThat(json).extractingPath("$.policy.minOrderAmountMinor").isEqualTo(5000);
              assertThat(json).extractingPath("$.policy.quietHours.start").isEqualTo("22:30");
              assertThat(json).extractingPath("$.policy.frequencyCap.window").isEqualTo("PT12H");
              assertThat(json).extractingPath("$.policy.stockCheckUrl").isEqualTo("https://shop.example/stock");
            });
    ShopPolicy stored = policies.forShop(shopId);
    assertThat(stored.phone().returningBuyerMinPaidOrders()).isEqualTo(2);
    assertThat(stored.quietHours().start()).isEqualTo(LocalTime.of(22, 30));
    assertThat(policies.forShops(List.of(shopId, "nobody-knows-this-shop")))
        .as("stored policy for the shop, pure defaults for an unknown one")
        .hasEntrySatisfying(shopId, p -> assertThat(p).isEqualTo(stored))
        .hasEntrySatisfying("nobody-knows-this-shop", p -> assertThat(p.sms().delay()).isEqualTo(Duration.ofMinutes(30)));

    CLOCK.advance(Duration.ofMinutes(5));
    ObjectNode changed = body();
    ((ObjectNode) changed.get("sms")).put("delay", "PT1H");
    assertThat(put(apiKey(shopId), changed.toString()))
        .hasStatusOk()
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.version").isEqualTo(2);
              assertThat(json).extractingPath("$.updatedAt").isEqualTo(CLOCK.instant().toString());
            });
    assertThat(policies.forShop(shopId).sms().delay()).isEqualTo(Duration.ofHours(1));
    assertThat(meters.counter("cuifu.policy.updates").count()).isEqualTo(updatesBefore + 2);
  }

  @Test
  void theFirstSmsMustComeBetweenTenMinutesAndThreeHours() {
    for (String delay : List.of("PT9M59S", "PT3H1M", "-PT30M")) {
      ObjectNode body = body();
      ((ObjectNode) body.get("sms")).put("delay", delay);
      assertThat(put(apiKey(shopId), body.toString()))
          .as("sms.delay " + delay)
          .hasStatus(HttpStatus.BAD_REQUEST)
          .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .bodyJson()
          .satisfies(
              json -> {
                assertThat(json).extractingPath("$.errors[*].field").asArray().containsExactly("sms.delay");
                assertThat(json).extractingPath("$.errors[0].message").isEqualTo("must be between PT10M and PT3H");
              });
    }
    for (String delay : List.of("PT10M", "PT3H")) {
      ObjectNode body = body();
      ((ObjectNode) body.get("sms")).put("delay", delay);
      assertThat(put(apiKey(shopId), body.toString())).as("the bounds themselves: " + delay).hasStatusOk();
    }
  }

  @Test
  void theChatMessageComesAtMostThreeDaysAfterTheOrder() {
    ObjectNode body = body();
    ((ObjectNode) body.get("chat")).put("delay", "P3DT1M");
    assertThat(put(apiKey(shopId), body.toString()))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsExactly("chat.delay");
    ((ObjectNode) body.get("chat")).put("delay", "P3D");
    assertThat(put(apiKey(shopId), body.toString())).hasStatusOk();
  }

  @Test
  void theChatTransportIsWebhookOrWhatsAppWithAValidSender() {
    ObjectNode body = body();
    ObjectNode chat = (ObjectNode) body.get("chat");
    chat.put("transport", "WHATSAPP");
    assertThat(put(apiKey(shopId), body.toString()))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyJson()
        .satisfies(json -> {
          assertThat(json).extractingPath("$.errors[*].field").asArray().containsExactly("chat.whatsappFrom");
          assertThat(json).extractingPath("$.errors[0].message").isEqualTo("is required when chat.transport is WHATSAPP");
        });

    chat.put("transport", "carrier-pigeon");
    chat.put("whatsappFrom", "+14155238886");
    assertThat(put(apiKey(shopId), body.toString()))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .extractingPath("$.errors[*].field")
        .asArray()
        .containsExactly("chat.transport", "chat.whatsappFrom");

    chat.put("transport", "whatsapp");
    chat.put("whatsappFrom", "whatsapp:+14155238886");
    assertThat(put(apiKey(shopId), body.toString())).hasStatusOk().bodyJson().satisfies(json -> {
      assertThat(json).extractingPath("$.policy.chat.transport").isEqualTo("WHATSAPP");
      assertThat(json).extractingPath("$.policy.chat.whatsappFrom").isEqualTo("whatsapp:+14155238886");
    });
    assertThat(policies.forShop(shopId).chat().transport()).isEqualTo(ShopPolicy.ChatTransport.WHATSAPP);

    chat.remove("transport");
    chat.remove("whatsappFrom");
    assertThat(put(apiKey(shopId), body.toString())).as("both optional: the webhook by default").hasStatusOk();
    assertThat(policies.forShop(shopId).chat().transport()).isEqualTo(ShopPolicy.ChatTransport.WEBHOOK);
  }

  @Test
  void everyBadFieldIsNamedAtOnce() {
    ObjectNode body = body();
    ((ObjectNode) body.get("sms")).put("delay", "PT5M").put("from", "sender");
    ((ObjectNode) body.get("chat")).put("delay", "P5D").put("webhookUrl", "ftp://im.shop.example");
    ((ObjectNode) body.get("phone")).put("minAmountMinor", "lots").remove("onBuyerNote");
    ((ObjectNode) body.get("quietHours")).put("start", "25:00");
    ((ObjectNode) body.get("frequencyCap")).put("maxMessages", 0);
    body.put("defaultPaymentDeadline", "P16D").put("timeZone", "Mars/Olympus").put("quiteHours", "typo");

    assertThat(put(apiKey(shopId), body.toString()))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.title").isEqualTo("Invalid request");
              assertThat(json).extractingPath("$.errors[*].field").asArray()
                  .containsExactly(
                      "chat.delay", "chat.webhookUrl", "defaultPaymentDeadline", "frequencyCap.maxMessages",
                      "phone.minAmountMinor", "phone.onBuyerNote", "quietHours.start", "quiteHours", "sms.delay",
                      "sms.from", "timeZone");
            });
    assertThat(policies.find(shopId).defaults()).as("nothing stored").isTrue();
  }

  @Test
  void internalOrPlainHttpUrlsAreRefusedWithOneReasonNamingTheField() {
    for (String[] urls :
        new String[][] {
          {"https://169.254.169.254/latest/meta-data/", "https://10.0.0.7:5432/"},
          {"https://[::1]:9092/", "http://shop.example/stock"}
        }) {
      ObjectNode body = body();
      ((ObjectNode) body.get("chat")).put("webhookUrl", urls[0]);
      body.put("stockCheckUrl", urls[1]);

      assertThat(put(apiKey(shopId), body.toString()))
          .hasStatus(HttpStatus.BAD_REQUEST)
          .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .bodyJson()
          .satisfies(
              json -> {
                assertThat(json).extractingPath("$.errors[*].field").asArray()
                    .containsExactly("chat.webhookUrl", "stockCheckUrl");
                assertThat(json).extractingPath("$.errors[*].message").asArray()
                    .containsOnly("the URL is not allowed (use https to a public host)");
              });
    }
    assertThat(policies.find(shopId).defaults()).as("nothing stored").isTrue();
  }

  @Test
  void malformedOrEmptyBodiesAreRejected() {
    assertThat(put(apiKey(shopId), "{\"sms\": ")).hasStatus(HttpStatus.BAD_REQUEST)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(put(apiKey(shopId), "[]")).hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson().extractingPath("$.errors[0].field").isEqualTo("$");
    assertThat(put(apiKey(shopId), "{}")).hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson().extractingPath("$.errors[*].field").asArray()
        .contains("sms", "chat", "phone", "timeZone", "quietHours", "frequencyCap");
  }

  @Test
  void aMissingOrUnknownKeyIs401() {
    assertThat(mvc.get().uri("/api/v1/policy"))
        .hasStatus(HttpStatus.UNAUTHORIZED)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(mvc.get().uri("/api/v1/policy").header("X-Api-Key", "cf_wrong")).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(mvc.put().uri("/api/v1/policy").contentType(MediaType.APPLICATION_JSON).content(VALID))
        .hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(put("cf_wrong", VALID)).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(put("cf_wrong", "{}")).as("authentication comes before validation").hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(policies.find(shopId).defaults()).isTrue();
  }

  @Test
  void aShopSeesAndChangesOnlyItsOwnPolicy() {
    String other = newShop();
    assertThat(put(apiKey(shopId), VALID)).hasStatusOk();

    assertThat(mvc.get().uri("/api/v1/policy").header("X-Api-Key", apiKey(other)))
        .hasStatusOk()
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.defaults").isEqualTo(true);
              assertThat(json).extractingPath("$.policy.sms.delay").isEqualTo("PT30M");
            });

    ObjectNode theirs = body();
    ((ObjectNode) theirs.get("sms")).put("delay", "PT2H");
    assertThat(put(apiKey(other), theirs.toString()))
        .hasStatusOk()
        .bodyJson()
        .extractingPath("$.version")
        .isEqualTo(1);
    assertThat(policies.forShop(shopId).sms().delay()).as("untouched").isEqualTo(Duration.ofMinutes(45));
    assertThat(policies.find(shopId).version()).isEqualTo(1);
    assertThat(policies.forShop(other).sms().delay()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void quietHoursMayCrossMidnightOrBeSwitchedOff() {
    for (String[] hours : new String[][] {{"23:00", "06:30"}, {"00:00", "07:00"}, {"00:00", "00:00"}}) {
      ObjectNode body = body();
      ((ObjectNode) body.get("quietHours")).put("start", hours[0]).put("end", hours[1]);
      assertThat(put(apiKey(shopId), body.toString())).as(String.join("-", hours)).hasStatusOk();
      ShopPolicy.QuietHours stored = policies.forShop(shopId).quietHours();
      assertThat(stored.start()).isEqualTo(LocalTime.parse(hours[0]));
      assertThat(stored.end()).isEqualTo(LocalTime.parse(hours[1]));
    }
    assertThat(policies.forShop(shopId).quietHours().none()).isTrue();
  }

  @Test
  void quietHoursStartingWhereTheyEndOtherThanAtMidnightAreA400NamingTheField() {
    ObjectNode body = body();
    ((ObjectNode) body.get("quietHours")).put("start", "21:00").put("end", "21:00");

    assertThat(put(apiKey(shopId), body.toString()))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.errors[0].field").isEqualTo("quietHours.end");
              assertThat(json).extractingPath("$.errors[0].message").asString().contains("00:00 to 00:00");
            });
    assertThat(policies.find(shopId).defaults()).as("nothing stored").isTrue();
  }

  @Test
  void theApiIsDocumented() {
    assertThat(mvc.get().uri("/v3/api-docs"))
        .hasStatusOk()
        .bodyText()
        .contains("/api/v1/policy", "ShopPolicy", "PolicyResponse", "quietHours");
  }

  private MvcTestResult put(String key, String json) {
    return mvc.put()
        .uri("/api/v1/policy")
        .header("X-Api-Key", key)
        .contentType(MediaType.APPLICATION_JSON)
        .content(json)
        .exchange();
  }

  private static ObjectNode body() {
    return (ObjectNode) EventJson.mapper().readTree(VALID);
  }
}
