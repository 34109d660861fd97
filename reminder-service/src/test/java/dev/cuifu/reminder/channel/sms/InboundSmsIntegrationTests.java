package dev.cuifu.reminder.channel.sms;

import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static dev.cuifu.reminder.channel.sms.TwilioWebhookTestSupport.form;
import static dev.cuifu.reminder.channel.sms.TwilioWebhookTestSupport.post;
import static dev.cuifu.reminder.channel.sms.TwilioWebhookTestSupport.postSigned;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.reminder.ReminderIntegrationTest;
import dev.cuifu.reminder.optout.OptOutRegistry;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.policy.ShopPolicy;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** {@code POST /twilio/inbound}: a buyer's reply; STOP-like words opt out of SMS, START-like opt back in. */
class InboundSmsIntegrationTests extends ReminderIntegrationTest {

  /** The sender of every test shop (see {@code ReminderTestSupport.shop}). */
  private static final String SHOP_SENDER = "+14155550100";

  @Autowired MockMvcTester mvc;
  @Autowired OptOutRegistry optOuts;

  private String phone;

  @BeforeEach
  void shop() {
    shopId = newShop();
    phone = uniquePhone();
  }

  private MvcTestResult reply(String to, String body) {
    return postSigned(mvc, "/twilio/inbound", form("From", phone, "To", to, "Body", body, "MessageSid", newMessageSid()));
  }

  /** Twilio gives every message its own SID. */
  static String newMessageSid() {
    return "SM" + java.util.UUID.randomUUID().toString().replace("-", "");
  }

  private static void assertEmptyTwiml(MvcTestResult result) {
    assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_XML);
    assertThat(result).bodyText().contains("<Response/>");
  }

  private boolean optedOut() {
    return optOuts.isOptedOut(shopId, Channel.SMS, phone);
  }

  @Test
  @DisplayName("rule: 退订 opts the sender out of SMS for the shop sending from To (source STOP) → empty TwiML")
  void tuidingOptsOut() {
    assertEmptyTwiml(reply(SHOP_SENDER, " 退订 "));

    assertThat(optOuts.find(shopId, Channel.SMS, phone)).hasValueSatisfying(o -> assertThat(o.source()).isEqualTo("STOP"));
    assertThat(optOuts.isOptedOut(shopId, Channel.CHAT, phone)).as("SMS only").isFalse();
  }

  @Test
  @DisplayName("rule: TD and STOP (any case) opt out; START opts back in")
  void tdStopAndStart() {
    assertEmptyTwiml(reply(SHOP_SENDER, "td"));
    assertThat(optedOut()).isTrue();

    assertEmptyTwiml(reply(SHOP_SENDER, "START"));
    assertThat(optedOut()).as("START opts back in").isFalse();

    assertEmptyTwiml(reply(SHOP_SENDER, "Stop"));
    assertThat(optedOut()).isTrue();

    assertEmptyTwiml(reply(SHOP_SENDER, "yes"));
    assertThat(optedOut()).as("YES opts back in").isFalse();
  }

  @Test
  @DisplayName("rule: a message is acted on once per MessageSid: a START posted again after a STOP does not opt back in")
  void replayedStartDoesNotOptBackIn() {
    Map<String, String> start = form("From", phone, "To", SHOP_SENDER, "Body", "START", "MessageSid", newMessageSid());
    String signature = TwilioWebhookTestSupport.signature("/twilio/inbound", start);
    assertEmptyTwiml(post(mvc, "/twilio/inbound", start, signature));
    assertEmptyTwiml(reply(SHOP_SENDER, "STOP"));
    assertThat(optedOut()).isTrue();

    assertEmptyTwiml(post(mvc, "/twilio/inbound", start, signature));
    assertThat(optedOut()).as("the replayed START changed nothing").isTrue();

    assertEmptyTwiml(reply(SHOP_SENDER, "START"));
    assertThat(optedOut()).as("a new START still opts back in").isFalse();
  }

  @Test
  @DisplayName("rule: STOP over WhatsApp opts out of the chat tier of the shop whose WhatsApp sender it went to, not of SMS")
  void whatsAppStopOptsOutOfChat() {
    String sender = "whatsapp:+14155238886";
    updatePolicy(shopId, p -> new ShopPolicy(
        p.sms(), new ShopPolicy.Chat(true, p.chat().delay(), null, ShopPolicy.ChatTransport.WHATSAPP, sender), p.phone(),
        p.minOrderAmountMinor(), p.defaultPaymentDeadline(), p.timeZone(), p.quietHours(), p.frequencyCap(),
        p.stockCheckUrl()));

    assertEmptyTwiml(postSigned(mvc, "/twilio/inbound",
        form("From", "whatsapp:" + phone, "To", sender, "Body", "STOP", "MessageSid", newMessageSid())));

    assertThat(optOuts.find(shopId, Channel.CHAT, phone)).hasValueSatisfying(o -> assertThat(o.source()).isEqualTo("STOP"));
    assertThat(optedOut()).as("SMS untouched").isFalse();

    assertEmptyTwiml(postSigned(mvc, "/twilio/inbound",
        form("From", "whatsapp:" + phone, "To", sender, "Body", "START", "MessageSid", newMessageSid())));
    assertThat(optOuts.isOptedOut(shopId, Channel.CHAT, phone)).isFalse();
  }

  @Test
  @DisplayName("rule: any other text is ignored")
  void otherTextIsIgnored() {
    assertEmptyTwiml(reply(SHOP_SENDER, "please stop sending me these"));
    assertEmptyTwiml(reply(SHOP_SENDER, "什么时候发货?"));
    assertThat(optedOut()).isFalse();
  }

  @Test
  @DisplayName("rule: an unknown To (no shop sends from it) changes nothing")
  void unknownToChangesNothing() {
    assertEmptyTwiml(reply("+14155550199", "STOP"));
    assertThat(optedOut()).isFalse();
  }

  @Test
  @DisplayName("rule: a shop sending through a Messaging Service is found by MessagingServiceSid")
  void messagingServiceSid() {
    String service = "MG" + "0123456789abcdef".repeat(2);
    updatePolicy(shopId, p -> new ShopPolicy(
        new ShopPolicy.Sms(p.sms().enabled(), p.sms().delay(), service), p.chat(), p.phone(), p.minOrderAmountMinor(),
        p.defaultPaymentDeadline(), p.timeZone(), p.quietHours(), p.frequencyCap(), p.stockCheckUrl()));

    assertEmptyTwiml(
        postSigned(mvc, "/twilio/inbound",
            form("From", phone, "To", "+14155550177", "Body", "T", "MessagingServiceSid", service)));
    assertThat(optedOut()).isTrue();
  }

  @Test
  @DisplayName("rule: a bad or missing signature → 403 problem+json, nothing changed")
  void badSignatureIsRefused() {
    Map<String, String> params = form("From", phone, "To", SHOP_SENDER, "Body", "STOP");
    assertThat(post(mvc, "/twilio/inbound", params, null))
        .hasStatus(HttpStatus.FORBIDDEN)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(post(mvc, "/twilio/inbound", params, TwilioWebhookTestSupport.signature("/twilio/inbound", form("Body", "STOP"))))
        .hasStatus(HttpStatus.FORBIDDEN)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(optedOut()).isFalse();
  }

  @Test
  @DisplayName("rule: logs never show the raw number nor the text")
  void logsNeverShowTheNumberOrText() {
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
        new ch.qos.logback.core.read.ListAppender<>();
    appender.start();
    root.addAppender(appender);
    try {
      assertEmptyTwiml(reply(SHOP_SENDER, "STOP"));
      assertEmptyTwiml(reply(SHOP_SENDER, "START"));
      assertEmptyTwiml(reply(SHOP_SENDER, "my address is 12 Secret Road"));
      assertEmptyTwiml(reply("+14155550199", "STOP"));
    } finally {
      root.detachAppender(appender);
      appender.stop();
    }
    String national = phone.substring(3);
    assertThat(appender.list)
        .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
        .isNotEmpty()
        .noneMatch(line -> line.contains(phone) || line.contains(national) || line.contains("Secret Road"));
  }
}
