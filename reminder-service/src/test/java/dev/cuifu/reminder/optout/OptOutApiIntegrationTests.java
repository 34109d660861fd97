package dev.cuifu.reminder.optout;

import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.cuifu.common.event.ShopUpdated;
import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.reminder.ReminderIntegrationTest;
import dev.cuifu.reminder.ReminderTestSupport;
import dev.cuifu.reminder.plan.Channel;
import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The opt-out REST API, end to end on the real database, as a shop uses it. */
class OptOutApiIntegrationTests extends ReminderIntegrationTest {

  @Autowired MockMvcTester mvc;
  @Autowired OptOutRegistry registry;
  @Autowired MeterRegistry meters;

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  void anOptOutIsListedAndStopsThatChannelOnly() {
    String phone = uniquePhone();

    assertThat(post(shopId, "SMS", phone, "buyer asked on chat"))
        .hasStatus(HttpStatus.CREATED)
        .hasHeader("Location", "/api/v1/opt-outs/SMS/%2B" + phone.substring(1))
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.channel").isEqualTo("SMS");
              assertThat(json).extractingPath("$.phone").isEqualTo(phone);
              assertThat(json).extractingPath("$.source").isEqualTo("API");
              assertThat(json).extractingPath("$.reason").isEqualTo("buyer asked on chat");
              assertThat(json).extractingPath("$.createdAt").isEqualTo(CLOCK.instant().toString());
            });

    assertThat(registry.isOptedOut(shopId, Channel.SMS, phone)).isTrue();
    assertThat(registry.isOptedOut(shopId, Channel.CHAT, phone)).as("other channels stay open").isFalse();
    assertThat(registry.isOptedOut(shopId, Channel.PHONE, phone)).as("other channels stay open").isFalse();
    assertThat(mvc.get().uri("/api/v1/opt-outs").header("X-Api-Key", apiKey(shopId)))
        .hasStatusOk()
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.items.length()").isEqualTo(1);
              assertThat(json).extractingPath("$.items[0].phone").isEqualTo(phone);
              assertThat(json).extractingPath("$.items[0].channel").isEqualTo("SMS");
              assertThat(json).extractingPath("$.items[0].source").isEqualTo("API");
              assertThat(json).extractingPath("$.next").isNull();
            });
    assertThat(mvc.get().uri("/api/v1/opt-outs?channel=CHAT").header("X-Api-Key", apiKey(shopId)))
        .as("filtered by another channel: nothing")
        .hasStatusOk()
        .bodyJson()
        .extractingPath("$.items.length()")
        .isEqualTo(0);
  }

  @Test
  void optingOutTwiceIsHarmlessAndKeepsTheFirstOptOut() {
    String phone = uniquePhone();
    double addedBefore = added(Channel.CHAT);

    assertThat(post(shopId, "CHAT", phone, "first")).hasStatus(HttpStatus.CREATED);
    assertThat(post(shopId, "CHAT", phone, "second"))
        .as("already opted out: 200 with the existing opt-out")
        .hasStatus(HttpStatus.OK)
        .bodyJson()
        .extractingPath("$.reason")
        .isEqualTo("first");
    assertThat(registry.optOut(shopId, Channel.CHAT, phone, OptOutRegistry.SOURCE_STOP, null)).isFalse();

    assertThat(registry.list(shopId, Channel.CHAT, 10, null)).singleElement().satisfies(o -> {
      assertThat(o.reason()).isEqualTo("first");
      assertThat(o.source()).isEqualTo("API");
    });
    assertThat(added(Channel.CHAT) - addedBefore).as("counted once").isEqualTo(1.0);
  }

  @Test
  void optingBackInRemovesTheOptOut() {
    String phone = uniquePhone();
    double removedBefore = removed(Channel.PHONE);
    assertThat(post(shopId, "PHONE", phone, null)).hasStatus(HttpStatus.CREATED);

    assertThat(delete(shopId, "PHONE", phone)).hasStatus(HttpStatus.NO_CONTENT);

    assertThat(registry.isOptedOut(shopId, Channel.PHONE, phone)).isFalse();
    assertThat(registry.list(shopId, null, 10, null)).isEmpty();
    assertThat(removed(Channel.PHONE) - removedBefore).isEqualTo(1.0);
    assertThat(delete(shopId, "PHONE", phone))
        .as("not opted out (any more): 404 problem")
        .hasStatus(HttpStatus.NOT_FOUND)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(mvc.delete().uri("/api/v1/opt-outs/SMS/{phone}", "+86 139 0000 0000").header("X-Api-Key", apiKey(shopId)))
        .as("a phone in the path may be spaced and is normalised")
        .hasStatus(HttpStatus.NOT_FOUND);
  }

  @Test
  void aShopNeverSeesOrChangesAnotherShopsOptOuts() {
    String otherShop = newShop();
    String phone = uniquePhone();
    assertThat(post(shopId, "SMS", phone, null)).hasStatus(HttpStatus.CREATED);

    assertThat(registry.isOptedOut(otherShop, Channel.SMS, phone))
        .as("the same phone in another shop is not opted out")
        .isFalse();
    assertThat(mvc.get().uri("/api/v1/opt-outs").header("X-Api-Key", apiKey(otherShop)))
        .hasStatusOk()
        .bodyJson()
        .extractingPath("$.items.length()")
        .isEqualTo(0);
    assertThat(delete(otherShop, "SMS", phone))
        .as("another shop cannot opt the buyer back in")
        .hasStatus(HttpStatus.NOT_FOUND);
    assertThat(registry.isOptedOut(shopId, Channel.SMS, phone)).isTrue();

    assertThat(post(otherShop, "SMS", phone, null))
        .as("the other shop's own opt-out is its own row")
        .hasStatus(HttpStatus.CREATED);
    assertThat(delete(otherShop, "SMS", phone)).hasStatus(HttpStatus.NO_CONTENT);
    assertThat(registry.isOptedOut(shopId, Channel.SMS, phone)).as("untouched by the other shop").isTrue();
  }

  @Test
  void aPhoneIsStoredAsE164HoweverItIsWritten() {
    assertThat(post(shopId, "SMS", "+86 138 0013 8000", null))
        .hasStatus(HttpStatus.CREATED)
        .bodyJson()
        .extractingPath("$.phone")
        .isEqualTo("+8613800138000");
    assertThat(post(shopId, "SMS", "\uFF0B86-138-0013-8000", null))
        .as("the same number, full-width plus and dashes")
        .hasStatus(HttpStatus.OK);

    assertThat(jdbc.sql("select phone from opt_out where shop_id = ?").param(shopId).query(String.class).list())
        .containsExactly("+8613800138000");
    assertThat(registry.isOptedOut(shopId, Channel.SMS, "+86 138 0013 8000")).isTrue();
  }

  @Test
  void aBadChannelPhoneOrLimitIsA400NamingTheField() {
    assertThat(post(shopId, "EMAIL", "12345", null))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.errors[*].field").asArray().containsExactly("channel", "phone");
              assertThat(json).extractingPath("$.detail").isEqualTo("2 fields are invalid.");
            });
    assertThat(post(shopId, "sms", uniquePhone(), null)).hasStatus(HttpStatus.BAD_REQUEST).bodyJson()
        .extractingPath("$.errors[*].field").asArray().containsExactly("channel");
    assertThat(mvc.post().uri("/api/v1/opt-outs").header("X-Api-Key", apiKey(shopId))
            .contentType(MediaType.APPLICATION_JSON).content("{}"))
        .as("both required")
        .hasStatus(HttpStatus.BAD_REQUEST).bodyJson()
        .extractingPath("$.errors[*].field").asArray().containsExactly("channel", "phone");
    assertThat(post(shopId, "SMS", "+86 138", null)).hasStatus(HttpStatus.BAD_REQUEST).bodyJson()
        .extractingPath("$.errors[*].field").asArray().containsExactly("phone");
    assertThat(post(shopId, "SMS", uniquePhone(), "x".repeat(501))).hasStatus(HttpStatus.BAD_REQUEST).bodyJson()
        .extractingPath("$.errors[*].field").asArray().containsExactly("reason");

    assertThat(delete(shopId, "FAX", uniquePhone())).hasStatus(HttpStatus.BAD_REQUEST).bodyJson()
        .extractingPath("$.errors[*].field").asArray().containsExactly("channel");
    assertThat(delete(shopId, "SMS", "13800138000")).as("no country code").hasStatus(HttpStatus.BAD_REQUEST).bodyJson()
        .extractingPath("$.errors[*].field").asArray().containsExactly("phone");

    for (String limit : List.of("0", "1001", "-5", "ten", "")) {
      assertThat(list(shopId, "limit=" + limit)).as("limit=%s", limit).hasStatus(HttpStatus.BAD_REQUEST)
          .bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly("limit");
    }
    assertThat(list(shopId, "channel=WHATSAPP&limit=1000")).hasStatus(HttpStatus.BAD_REQUEST).bodyJson()
        .extractingPath("$.errors[*].field").asArray().containsExactly("channel");
    assertThat(list(shopId, "after=bogus")).hasStatus(HttpStatus.BAD_REQUEST).bodyJson()
        .extractingPath("$.errors[*].field").asArray().containsExactly("after");
    assertThat(list(shopId, "limit=1")).as("1 is allowed").hasStatusOk();
    assertThat(list(shopId, "limit=1000")).as("1000 is allowed").hasStatusOk();
    assertThat(registry.list(shopId, null, 10, null)).as("nothing was stored").isEmpty();
  }

  @Test
  void anErrorAnswerNeverEchoesTheBuyersNumberFromThePath() throws Exception {
    String phone = uniquePhone();
    String digits = phone.substring(1);
    List<MvcTestResult> refused =
        List.of(
            delete(shopId, "SMS", phone), // not opted out: 404
            mvc.delete().uri("/api/v1/opt-outs/SMS/{phone}", phone).exchange()); // no key: 401
    for (MvcTestResult result : refused) {
      assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
      assertThat(result.getResponse().getContentAsString())
          .as("the problem names the path with the number masked")
          .doesNotContain(digits)
          .contains(digits.substring(digits.length() - 4));
    }
  }

  @Test
  void aMissingOrUnknownKeyIs401() {
    String phone = uniquePhone();
    String body = "{\"channel\":\"SMS\",\"phone\":\"" + phone + "\"}";
    List<MvcTestResult> unauthenticated =
        List.of(
            mvc.post().uri("/api/v1/opt-outs").contentType(MediaType.APPLICATION_JSON).content(body).exchange(),
            mvc.post().uri("/api/v1/opt-outs").header("X-Api-Key", "cf_wrong")
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange(),
            mvc.get().uri("/api/v1/opt-outs").exchange(),
            mvc.delete().uri("/api/v1/opt-outs/SMS/{phone}", phone).exchange());
    for (MvcTestResult result : unauthenticated) {
      assertThat(result)
          .hasStatus(HttpStatus.UNAUTHORIZED)
          .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
    assertThat(jdbc.sql("select count(*) from opt_out where phone = ?").param(phone).query(Long.class).single())
        .isZero();
  }

  @Test
  void pagingWalksEveryOptOutExactlyOnce() {
    List<String> phones = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String phone = uniquePhone();
      phones.add(phone);
      registry.optOut(shopId, Channel.SMS, phone, OptOutRegistry.SOURCE_STOP, null);
    }
    registry.optOut(shopId, Channel.CHAT, phones.get(0), OptOutRegistry.SOURCE_STOP, null);

    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      var request =
          mvc.get().uri("/api/v1/opt-outs").header("X-Api-Key", apiKey(shopId)).param("channel", "SMS").param("limit", "2");
      if (after != null) {
        request = request.param("after", after);
      }
      MvcTestResult result = request.exchange();
      assertThat(result).hasStatusOk();
      String body = body(result);
      List<String> channels = JsonPath.read(body, "$.items[*].channel");
      assertThat(channels).hasSizeBetween(1, 2).containsOnly("SMS");
      seen.addAll(JsonPath.<List<String>>read(body, "$.items[*].phone"));
      after = JsonPath.read(body, "$.next");
      pages++;
    } while (after != null && pages < 10);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).containsExactlyElementsOf(phones.stream().sorted().toList());

    assertThat(list(shopId, "channel=SMS&after=" + phones.get(2).replace("+", "%2B")))
        .as("after, percent-encoded")
        .hasStatusOk()
        .bodyJson()
        .extractingPath("$.items.length()")
        .isEqualTo(2);
    assertThat(mvc.get().uri("/api/v1/opt-outs").header("X-Api-Key", apiKey(shopId))
            .param("channel", "SMS").param("after", " " + phones.get(2).substring(1)))
        .as("after with an unencoded +, which arrives as a space")
        .hasStatusOk()
        .bodyJson()
        .extractingPath("$.items.length()")
        .isEqualTo(2);
  }

  @Test
  void logsNeverContainTheRawNumber() {
    String phone = uniquePhone();
    String national = phone.substring(3); // 139xxxxxxxx
    String spaced = "+86 " + national.substring(0, 3) + " " + national.substring(3, 7) + " " + national.substring(7);
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    try {
      assertThat(post(shopId, "SMS", spaced, "buyer said stop")).hasStatus(HttpStatus.CREATED);
      assertThat(post(shopId, "SMS", phone, null)).hasStatus(HttpStatus.OK);
      registry.optOut(shopId, Channel.CHAT, phone, OptOutRegistry.SOURCE_STOP, null);
      assertThat(list(shopId, "after=" + phone.replace("+", "%2B"))).hasStatusOk();
      assertThat(delete(shopId, "SMS", phone)).hasStatus(HttpStatus.NO_CONTENT);
      assertThat(delete(shopId, "SMS", phone)).hasStatus(HttpStatus.NOT_FOUND);
      assertThat(post(shopId, "SMS", phone + "99999", null)).hasStatus(HttpStatus.BAD_REQUEST);
      registry.optIn(shopId, Channel.CHAT, phone);
    } finally {
      root.detachAppender(appender);
      appender.stop();
    }

    List<String> lines = appender.list.stream().map(OptOutApiIntegrationTests::rendered).toList();
    assertThat(lines)
        .as("each change logged once, masked")
        .filteredOn(line -> line.contains("opt-out") && line.contains(PhoneNumbers.mask(phone)))
        .hasSize(4);
    List<String> raw = List.of(phone, spaced, national.substring(3), spaced.substring(spaced.length() - 9));
    assertThat(lines)
        .as("no line holds the number, however written")
        .noneMatch(line -> raw.stream().anyMatch(line::contains));
  }

  @Test
  void theOptOutApiIsDocumented() {
    assertThat(mvc.get().uri("/v3/api-docs"))
        .hasStatusOk()
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).hasPath("$.paths['/api/v1/opt-outs'].post");
              assertThat(json).hasPath("$.paths['/api/v1/opt-outs'].get");
              assertThat(json).hasPath("$.paths['/api/v1/opt-outs/{channel}/{phone}'].delete");
            });
  }

  private static String rendered(ILoggingEvent event) {
    StringBuilder text = new StringBuilder(event.getFormattedMessage());
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      text.append(" | ").append(t.getMessage());
    }
    return text.toString();
  }

  @Test
  @DisplayName("rule: a shop with a phoneRegion opts buyers out with the national numbers it sends in events")
  void aShopWithAPhoneRegionOptsOutNationalNumbers() {
    String cnShop = newShopInRegion("CN");
    String phone = uniquePhone(); // +86139…
    String national = phone.substring(3, 6) + " " + phone.substring(6, 10) + " " + phone.substring(10);

    assertThat(post(cnShop, "SMS", national, null))
        .hasStatus(HttpStatus.CREATED)
        .bodyJson()
        .extractingPath("$.phone")
        .isEqualTo(phone);
    assertThat(registry.isOptedOut(cnShop, Channel.SMS, phone)).as("the E.164 number its events carry").isTrue();
    assertThat(list(cnShop, "channel=SMS")).hasStatusOk().bodyJson().extractingPath("$.items[*].phone").asArray()
        .containsExactly(phone);
    assertThat(post(cnShop, "SMS", phone, null)).as("the same buyer in E.164: already opted out").hasStatus(HttpStatus.OK);
    assertThat(post(cnShop, "PHONE", "010 6552 9988", null))
        .as("a fixed line is a valid number: opting it out is harmless")
        .hasStatus(HttpStatus.CREATED);

    assertThat(delete(cnShop, "SMS", phone.substring(3))).as("opted back in by the national number").hasStatus(HttpStatus.NO_CONTENT);
    assertThat(registry.isOptedOut(cnShop, Channel.SMS, phone)).isFalse();

    MvcTestResult tooShort = post(cnShop, "SMS", "138 0013", null);
    assertThat(tooShort).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[*].field").asArray()
        .containsExactly("phone");
    assertThat(body(tooShort)).contains("in CN").doesNotContain("138 0013").doesNotContain("1380013");
  }

  @Test
  @DisplayName("rule: a national number from a shop without a phoneRegion is a 400 that says to set one")
  void aNationalNumberWithoutAPhoneRegionIsAClear400() {
    MvcTestResult result = post(shopId, "SMS", "138 0013 8000", null);

    assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[*].field").asArray()
        .containsExactly("phone");
    assertThat(body(result)).contains("phoneRegion").doesNotContain("138 0013 8000").doesNotContain("13800138000");
    assertThat(delete(shopId, "SMS", "13800138000")).hasStatus(HttpStatus.BAD_REQUEST);
  }

  private String newShopInRegion(String region) {
    String id = newShop();
    ShopUpdated shop = ReminderTestSupport.shop(id, SHOP_DELAY, CLOCK.instant().plusMillis(1));
    ReminderTestSupport.publishShop(
        ENV.shopsTopic(),
        new ShopUpdated(
            shop.schemaVersion(), id, shop.name(), shop.apiKeySha256(), shop.smsDelay(), shop.smsFrom(), shop.timeZone(),
            shop.updatedAt(), region));
    await().atMost(Duration.ofSeconds(30)).until(() -> region.equals(
        jdbc.sql("select phone_region from shop where shop_id = ?").param(id).query(String.class).optional().orElse(null)));
    return id;
  }

  private MvcTestResult post(String shop, String channel, String phone, String reason) {
    String body =
        "{\"channel\":\"" + channel + "\",\"phone\":\"" + phone + "\""
            + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}";
    return mvc.post()
        .uri("/api/v1/opt-outs")
        .header("X-Api-Key", apiKey(shop))
        .contentType(MediaType.APPLICATION_JSON)
        .content(body)
        .exchange();
  }

  private static String body(MvcTestResult result) {
    try {
      return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private MvcTestResult delete(String shop, String channel, String phone) {
    return mvc.delete().uri("/api/v1/opt-outs/{channel}/{phone}", channel, phone).header("X-Api-Key", apiKey(shop)).exchange();
  }

  private MvcTestResult list(String shop, String query) {
    return mvc.get().uri(URI.create("/api/v1/opt-outs?" + query)).header("X-Api-Key", apiKey(shop)).exchange();
  }

  private double added(Channel channel) {
    return meters.counter("cuifu.optouts.added", "channel", channel.name()).count();
  }

  private double removed(Channel channel) {
    return meters.counter("cuifu.optouts.removed", "channel", channel.name()).count();
  }
}
