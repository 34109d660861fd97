package dev.cuifu.reminder.channel.sms;

import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static dev.cuifu.reminder.ReminderTestSupport.twilioStub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.common.event.ShopUpdated;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.common.shop.ApiKeyDigest;
import dev.cuifu.reminder.ReminderIntegrationTest;
import dev.cuifu.reminder.ReminderTestSupport;
import dev.cuifu.testing.TestInfrastructure;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.node.ObjectNode;

/**
 * A shop may put in its policy ({@code PUT /api/v1/policy}) only senders it owns: on the
 * deployment's Twilio account its assigned sender or a shared one, with its own account that
 * account's numbers and Messaging Services as the stub lists them to the real SDK.
 */
class SenderOwnershipIntegrationTests extends ReminderIntegrationTest {

  private static final String OWN_TOKEN = "c0ffee00".repeat(4);

  @Autowired MockMvcTester mvc;

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  @DisplayName("rule: a shop on the deployment's account cannot send from another shop's assigned sender")
  void anotherShopsAssignedSenderIsRefused() {
    String otherSender = uniqueNumber();
    String other = shopWithAssignedSender(otherSender);

    ObjectNode policy = policy(shopId);
    sms(policy).put("from", otherSender);
    assertThat(put(shopId, policy))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyJson()
        .satisfies(json -> {
          assertThat(json).extractingPath("$.errors[*].field").asArray().containsExactly("sms.from");
          assertThat(json).extractingPath("$.errors[0].message").isEqualTo(SenderOwnership.NOT_OWNED);
        });
    ObjectNode whatsApp = policy(shopId);
    chat(whatsApp).put("transport", "WHATSAPP").put("whatsappFrom", "whatsapp:" + otherSender);
    MvcTestResult refused = put(shopId, whatsApp);
    assertThat(refused).hasStatus(HttpStatus.BAD_REQUEST).bodyJson()
        .extractingPath("$.errors[*].field").asArray().containsExactly("chat.whatsappFrom");
    assertThat(refused).bodyText().as("the answer does not say whose it is").doesNotContain(other);
    assertThat(policies.find(shopId).defaults()).as("nothing stored").isTrue();

    ObjectNode own = policy(other);
    sms(own).put("delay", "PT40M");
    assertThat(put(other, own)).as("its own shop may use it").hasStatusOk();
    ObjectNode assigned = policy(shopId);
    sms(assigned).put("delay", "PT40M");
    assertThat(put(shopId, assigned)).as("and this shop its own assigned sender").hasStatusOk();
  }

  @Test
  @DisplayName("rule: a shared sender (cuifu.sms.shared-senders) is accepted, a sender nobody was given is not")
  void sharedSendersAreAccepted() {
    ObjectNode policy = policy(shopId);
    sms(policy).put("from", "MG0123456789ABCDEF0123456789abcdef");
    chat(policy).put("transport", "WHATSAPP").put("whatsappFrom", "whatsapp:+14155238886");
    assertThat(put(shopId, policy)).hasStatusOk();
    assertThat(policies.forShop(shopId).chat().whatsappFrom()).isEqualTo("whatsapp:+14155238886");

    sms(policy).put("from", uniqueNumber());
    assertThat(put(shopId, policy)).hasStatus(HttpStatus.BAD_REQUEST).bodyJson()
        .extractingPath("$.errors[*].field").asArray().containsExactly("sms.from");
  }

  @Test
  @DisplayName("rule: a shop with its own Twilio account may send from that account's numbers and Messaging Services only")
  void ownAccountSendersAreThoseTwilioListsForIt() {
    String ownSid = ShopTwilioAccountIntegrationTests.newAccountSid();
    twilioStub().addAccount(ownSid, OWN_TOKEN);
    assertThat(mvc.put().uri("/api/v1/sms/twilio-account").header("X-Api-Key", apiKey(shopId))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"accountSid\":\"" + ownSid + "\",\"authToken\":\"" + OWN_TOKEN + "\"}"))
        .hasStatusOk();
    String ownNumber = uniqueNumber();
    String ownService = "MG" + ownSid.substring(2);
    twilioStub().addIncomingPhoneNumber(ownSid, ownNumber);
    twilioStub().addMessagingService(ownSid, ownService);
    String othersNumber = uniqueNumber();
    twilioStub().addIncomingPhoneNumber(twilioStub().accountSid(), othersNumber);
    String othersService = "MG" + ShopTwilioAccountIntegrationTests.newAccountSid().substring(2);
    twilioStub().addMessagingService(twilioStub().accountSid(), othersService);

    ObjectNode policy = policy(shopId);
    sms(policy).put("from", ownNumber);
    chat(policy).put("transport", "WHATSAPP").put("whatsappFrom", "whatsapp:" + ownNumber);
    assertThat(put(shopId, policy)).hasStatusOk();
    assertThat(policies.forShop(shopId).sms().from()).isEqualTo(ownNumber);
    sms(policy).put("from", ownService);
    assertThat(put(shopId, policy)).hasStatusOk();

    for (String notItsOwn : List.of(othersNumber, ownNumber.substring(0, ownNumber.length() - 1), othersService,
        ReminderTestSupport.SHARED_SENDERS.get(0), "+14155550100")) {
      sms(policy).put("from", notItsOwn);
      assertThat(put(shopId, policy)).as(notItsOwn).hasStatus(HttpStatus.BAD_REQUEST).bodyJson()
          .satisfies(json -> {
            assertThat(json).extractingPath("$.errors[*].field").asArray().containsExactly("sms.from");
            assertThat(json).extractingPath("$.errors[0].message").isEqualTo(SenderOwnership.NOT_OWNED);
          });
    }
    assertThat(policies.forShop(shopId).sms().from()).as("the last good one stays").isEqualTo(ownService);

    twilioStub().addAccount(ownSid, "0".repeat(32)); // the token was rotated at Twilio
    sms(policy).put("from", ownNumber);
    assertThat(put(shopId, policy)).as("cannot be checked with a token Twilio refuses").hasStatus(HttpStatus.BAD_REQUEST)
        .bodyJson()
        .satisfies(json -> {
          assertThat(json).extractingPath("$.errors[*].field").asArray().containsExactly("chat.whatsappFrom", "sms.from");
          assertThat(json).extractingPath("$.errors[1].message").isEqualTo(SenderOwnership.CREDENTIALS_REFUSED);
        });
  }

  /** A +1 415 555 number no test shop was assigned. */
  private static String uniqueNumber() {
    return "+1415556" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
  }

  private String shopWithAssignedSender(String sender) {
    String id = TestInfrastructure.uniqueName("shop").replace('_', '-');
    ReminderTestSupport.publishShop(
        ENV.shopsTopic(),
        new ShopUpdated(
            ShopUpdated.SCHEMA_VERSION, id, "Other", List.of(ApiKeyDigest.sha256Hex(apiKey(id))), Duration.ofMinutes(30),
            sender, ZoneId.of("Asia/Shanghai"), CLOCK.instant()));
    await().atMost(Duration.ofSeconds(30))
        .until(() -> jdbc.sql("select count(*) from shop where shop_id = ?").param(id).query(Long.class).single() == 1);
    return id;
  }

  /** The shop's current policy as it would GET it. */
  private ObjectNode policy(String shop) {
    MvcTestResult current = mvc.get().uri("/api/v1/policy").header("X-Api-Key", apiKey(shop)).exchange();
    assertThat(current).hasStatusOk();
    try {
      return (ObjectNode) EventJson.mapper().readTree(current.getResponse().getContentAsString()).get("policy");
    } catch (java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode sms(ObjectNode policy) {
    return (ObjectNode) policy.get("sms");
  }

  private static ObjectNode chat(ObjectNode policy) {
    return (ObjectNode) policy.get("chat");
  }

  private MvcTestResult put(String shop, ObjectNode policy) {
    return mvc.put().uri("/api/v1/policy").header("X-Api-Key", apiKey(shop))
        .contentType(MediaType.APPLICATION_JSON).content(policy.toString()).exchange();
  }
}
