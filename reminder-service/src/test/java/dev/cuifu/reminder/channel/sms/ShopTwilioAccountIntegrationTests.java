package dev.cuifu.reminder.channel.sms;

import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.twilioStub;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static dev.cuifu.reminder.channel.sms.TwilioWebhookTestSupport.BASE;
import static dev.cuifu.reminder.channel.sms.TwilioWebhookTestSupport.form;
import static dev.cuifu.reminder.channel.sms.TwilioWebhookTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.reminder.CrashingSmsGateway;
import dev.cuifu.reminder.ReminderIntegrationTest;
import dev.cuifu.reminder.ReminderTestSupport;
import dev.cuifu.reminder.optout.OptOutRegistry;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.testing.twilio.StubMessage;
import dev.cuifu.testing.twilio.TwilioStubServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * A shop with its own Twilio account ({@code PUT /api/v1/sms/twilio-account}): its messages go
 * through that account (the real SDK against the stub, which knows both accounts), Twilio's
 * webhooks naming it are checked with its token, and the token never shows.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShopTwilioAccountIntegrationTests extends ReminderIntegrationTest {

  private static final String PATH = "/api/v1/sms/twilio-account";
  private static final String OWN_TOKEN = "f00dbabe".repeat(4);
  private static final String OTHER_TOKEN = "0badc0de".repeat(4);

  /** This test's shop's own account: an account SID belongs to one shop, so each test has its own. */
  private String ownSid;

  @Autowired MockMvcTester mvc;
  @Autowired OptOutRegistry optOuts;

  @BeforeEach
  void shopWithItsOwnAccount() {
    shopId = newShop();
    ownSid = newAccountSid();
    twilioStub().addAccount(ownSid, OWN_TOKEN);
  }

  static String newAccountSid() {
    return "AC" + java.util.UUID.randomUUID().toString().replace("-", "");
  }

  private MvcTestResult put(String json) {
    return put(shopId, json);
  }

  private MvcTestResult put(String shop, String json) {
    return mvc.put().uri(PATH).header("X-Api-Key", apiKey(shop)).contentType(MediaType.APPLICATION_JSON).content(json).exchange();
  }

  private MvcTestResult get() {
    return mvc.get().uri(PATH).header("X-Api-Key", apiKey(shopId)).exchange();
  }

  private void useOwnAccount(String statusCallbackUrl) {
    String callback = statusCallbackUrl == null ? "" : ",\"statusCallbackUrl\":\"" + statusCallbackUrl + "\"";
    assertThat(put("{\"accountSid\":\"" + ownSid + "\",\"authToken\":\"" + OWN_TOKEN + "\"" + callback + "}"))
        .hasStatusOk();
  }

  /** Orders one SMS and waits until it went out; returns the stub's message. */
  private StubMessage sentSms(String orderId, String phone) {
    publish(ENV.ordersTopic(), created(shopId, orderId, phone, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(20)).until(() -> hasSmsTouch(orderId));
    CLOCK.advance(SHOP_DELAY.plusMinutes(1));
    await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(smsTouch(orderId).get("state")));
    return twilioStub().message((String) smsTouch(orderId).get("provider_message_id")).orElseThrow();
  }

  private static List<StubMessage> smsTo(String phone) {
    return twilioStub().messages().stream().filter(m -> phone.equals(m.to())).toList();
  }

  @Test
  @DisplayName("rule: bad account fields → 400 problem+json naming each; nothing stored")
  void badFieldsAreNamed() {
    MvcTestResult result = put("{\"accountSid\":\"AB123\",\"authToken\":\"not hex\",\"statusCallbackUrl\":\"ftp://x\"}");
    assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray()
        .containsExactly("accountSid", "authToken", "statusCallbackUrl");
    assertThat(put("{\"accountSid\":\"" + ownSid + "\"}")).as("a new account needs its token")
        .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.errors[0].field").isEqualTo("authToken");
    assertThat(get()).bodyJson().extractingPath("$.ownAccount").isEqualTo(false);
    assertThat(mvc.get().uri(PATH).exchange()).as("no key").hasStatus(HttpStatus.UNAUTHORIZED);
  }

  @Test
  @DisplayName("rule: credentials are checked with Twilio when stored: a token Twilio refuses → 400 naming authToken, nothing stored")
  void credentialsAreCheckedWithTwilio() {
    MvcTestResult wrongToken = put("{\"accountSid\":\"" + ownSid + "\",\"authToken\":\"" + OTHER_TOKEN + "\"}");
    assertThat(wrongToken).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(wrongToken).bodyJson().extractingPath("$.errors[0].field").isEqualTo("authToken");
    assertThat(put("{\"accountSid\":\"" + newAccountSid() + "\",\"authToken\":\"" + OWN_TOKEN + "\"}"))
        .as("an account Twilio does not know").hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(get()).bodyJson().extractingPath("$.ownAccount").isEqualTo(false);

    useOwnAccount(null);
    twilioStub().addAccount(ownSid, OTHER_TOKEN); // the token was rotated at Twilio
    assertThat(put("{\"accountSid\":\"" + ownSid + "\",\"statusCallbackUrl\":\"https://hooks.example.com/cb\"}"))
        .as("the stored token is checked again").hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(put("{\"accountSid\":\"" + ownSid + "\",\"authToken\":\"" + OTHER_TOKEN + "\"}")).hasStatusOk();
  }

  @Test
  @DisplayName("rule: the auth token is write-only: GET shows the SID and that a token is set, never the token")
  void theTokenIsNeverReturned(CapturedOutput output) throws Exception {
    useOwnAccount(null);
    MvcTestResult read = get();
    assertThat(read).hasStatusOk();
    assertThat(read).bodyJson().extractingPath("$.accountSid").isEqualTo(ownSid);
    assertThat(read).bodyJson().extractingPath("$.authTokenSet").isEqualTo(true);
    assertThat(read.getResponse().getContentAsString()).doesNotContain(OWN_TOKEN);

    // the token may be left out to change only the callback URL of the same account
    assertThat(put("{\"accountSid\":\"" + ownSid + "\",\"statusCallbackUrl\":\"https://hooks.example.com/cb\"}")).hasStatusOk();
    assertThat(jdbc.sql("select auth_token from shop_twilio_account where shop_id = ?").param(shopId).query(String.class).single())
        .isEqualTo(OWN_TOKEN);
    assertThat(get().getResponse().getContentAsString()).doesNotContain(OWN_TOKEN).contains("https://hooks.example.com/cb");

    assertThat(mvc.delete().uri(PATH).header("X-Api-Key", apiKey(shopId)).exchange()).hasStatus(HttpStatus.NO_CONTENT);
    assertThat(get()).bodyJson().extractingPath("$.ownAccount").isEqualTo(false);
    assertThat(output.getAll()).doesNotContain(OWN_TOKEN);
  }

  @Test
  @DisplayName("rule: a shop with its own account sends through it; its signed callbacks land, the default token's are 403")
  void sendsAndIsCalledBackThroughItsOwnAccount(CapturedOutput output) {
    useOwnAccount(null);
    String orderId = uniqueOrderId();
    StubMessage sms = sentSms(orderId, uniquePhone());
    assertThat(sms.accountSid()).as("created under /Accounts/{the shop's SID}/Messages.json").isEqualTo(ownSid);

    // the stub posts real callbacks, signed with the shop's token, to the service's /twilio/status
    List<TwilioStubServer.Callback> callbacks = twilioStub().deliver(sms.sid());
    assertThat(callbacks).extracting(TwilioStubServer.Callback::httpStatus).containsOnly(204);
    assertThat(smsTouch(orderId)).containsEntry("delivery_status", "delivered");

    Map<String, String> failed = form("MessageSid", sms.sid(), "MessageStatus", "failed", "ErrorCode", "30003",
        "To", sms.to(), "AccountSid", ownSid);
    String url = BASE + TwilioWebhookController.STATUS_PATH;
    assertThat(post(mvc, TwilioWebhookController.STATUS_PATH, failed, twilioStub().signature(url, failed)))
        .as("naming the shop's account but signed with the deployment's token").hasStatus(HttpStatus.FORBIDDEN);
    Map<String, String> unknown = form("MessageSid", sms.sid(), "MessageStatus", "failed", "AccountSid", "AC" + "9".repeat(32));
    assertThat(post(mvc, TwilioWebhookController.STATUS_PATH, unknown, TwilioStubServer.signature(OWN_TOKEN, url, unknown)))
        .as("an account nobody here uses").hasStatus(HttpStatus.FORBIDDEN);
    Map<String, String> asDeployment = form("MessageSid", sms.sid(), "MessageStatus", "failed", "To", sms.to(),
        "AccountSid", ReminderTestSupport.ACCOUNT_SID);
    assertThat(post(mvc, TwilioWebhookController.STATUS_PATH, asDeployment, twilioStub().signature(url, asDeployment)))
        .as("the deployment's account cannot report on the shop's message").hasStatus(HttpStatus.NO_CONTENT);
    assertThat(smsTouch(orderId)).as("nothing changed").containsEntry("delivery_status", "delivered");
    assertThat(output.getAll()).doesNotContain(OWN_TOKEN);
  }

  @Test
  @DisplayName("rule: the shop's own status-callback URL is sent with its messages")
  void ownStatusCallbackUrl() {
    String own = STATUS_CALLBACK_URL + "?via=shop";
    useOwnAccount(own);
    String orderId = uniqueOrderId();
    StubMessage sms = sentSms(orderId, uniquePhone());
    assertThat(sms.statusCallback()).isEqualTo(own);
    assertThat(twilioStub().deliver(sms.sid())).extracting(TwilioStubServer.Callback::httpStatus).containsOnly(204);
    assertThat(smsTouch(orderId)).containsEntry("delivery_status", "delivered");
  }

  @Test
  @DisplayName("rule: a STOP through the shop's account opts out of that shop only, not of shops on the deployment's account")
  void inboundIsScopedToTheAccount() {
    useOwnAccount(null);
    String neighbour = newShop(); // same sender number, the deployment's account
    String phone = uniquePhone();
    Map<String, String> stop = form("From", phone, "To", "+14155550100", "Body", "STOP", "AccountSid", ownSid);
    String url = BASE + TwilioWebhookController.INBOUND_PATH;
    assertThat(post(mvc, TwilioWebhookController.INBOUND_PATH, stop, twilioStub().signature(url, stop)))
        .as("signed with the deployment's token").hasStatus(HttpStatus.FORBIDDEN);
    assertThat(optOuts.isOptedOut(shopId, Channel.SMS, phone)).isFalse();

    assertThat(post(mvc, TwilioWebhookController.INBOUND_PATH, stop, TwilioStubServer.signature(OWN_TOKEN, url, stop)))
        .hasStatusOk();
    assertThat(optOuts.isOptedOut(shopId, Channel.SMS, phone)).isTrue();
    assertThat(optOuts.isOptedOut(neighbour, Channel.SMS, phone)).isFalse();
  }

  @Test
  @DisplayName("rule: killed after the provider call → reconciled by asking the shop's own account, not resent")
  void crashRecoveryAsksTheShopsAccount() {
    useOwnAccount(null);
    String orderId = uniqueOrderId();
    String phone = uniquePhone();
    CrashingSmsGateway.crashNextSendTo(phone, CrashingSmsGateway.Crash.AFTER_PROVIDER_CALL);
    publish(ENV.ordersTopic(), created(shopId, orderId, phone, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(20)).until(() -> hasSmsTouch(orderId));
    CLOCK.advance(SHOP_DELAY.plusMinutes(1));
    await().atMost(Duration.ofSeconds(20)).until(() -> smsTo(phone).size() == 1);

    CLOCK.advance(Duration.ofMinutes(3)); // past the lease
    await().atMost(Duration.ofSeconds(20)).until(() -> "SENT".equals(smsTouch(orderId).get("state")));
    assertThat(smsTo(phone)).as("found under the shop's account: not sent again").hasSize(1);
    assertThat(smsTo(phone).get(0).accountSid()).isEqualTo(ownSid);
    assertThat(smsTouch(orderId)).containsEntry("provider_message_id", smsTo(phone).get(0).sid());
  }

  @Test
  @DisplayName("rule: an account SID belongs to one shop: another shop storing it → 409; its forged START is refused, the opt-out stays")
  void anAccountBelongsToOneShop() throws Exception {
    useOwnAccount(null);
    String phone = uniquePhone();
    String url = BASE + TwilioWebhookController.INBOUND_PATH;
    Map<String, String> stop = form("From", phone, "To", "+14155550100", "Body", "STOP", "AccountSid", ownSid,
        "MessageSid", "SM" + newAccountSid().substring(2));
    assertThat(post(mvc, TwilioWebhookController.INBOUND_PATH, stop, TwilioStubServer.signature(OWN_TOKEN, url, stop))).hasStatusOk();
    assertThat(optOuts.isOptedOut(shopId, Channel.SMS, phone)).isTrue();

    // another shop claims the account: with a token of its own Twilio refuses it; with the account's
    // real token (leaked, or a second shop of the same owner) it is still the first shop's
    String other = newShop();
    assertThat(put(other, "{\"accountSid\":\"" + ownSid + "\",\"authToken\":\"" + OTHER_TOKEN + "\"}"))
        .hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    MvcTestResult claim = put(other, "{\"accountSid\":\"" + ownSid + "\",\"authToken\":\"" + OWN_TOKEN + "\"}");
    assertThat(claim).hasStatus(HttpStatus.CONFLICT).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(claim.getResponse().getContentAsString()).doesNotContain(shopId);
    assertThat(jdbc.sql("select count(*) from shop_twilio_account where shop_id = ?").param(other).query(Long.class).single()).isZero();

    // a START naming the shop's account but signed with the other shop's token
    Map<String, String> start = form("From", phone, "To", "+14155550100", "Body", "START", "AccountSid", ownSid,
        "MessageSid", "SM" + newAccountSid().substring(2));
    assertThat(post(mvc, TwilioWebhookController.INBOUND_PATH, start, TwilioStubServer.signature(OTHER_TOKEN, url, start)))
        .hasStatus(HttpStatus.FORBIDDEN);
    // the other shop's own account, sending from the same number: its START is its own business only
    String otherSid = newAccountSid();
    twilioStub().addAccount(otherSid, OTHER_TOKEN);
    assertThat(put(other, "{\"accountSid\":\"" + otherSid + "\",\"authToken\":\"" + OTHER_TOKEN + "\"}")).hasStatusOk();
    Map<String, String> ownStart = form("From", phone, "To", "+14155550100", "Body", "START", "AccountSid", otherSid,
        "MessageSid", "SM" + newAccountSid().substring(2));
    assertThat(post(mvc, TwilioWebhookController.INBOUND_PATH, ownStart, TwilioStubServer.signature(OTHER_TOKEN, url, ownStart)))
        .hasStatusOk();
    assertThat(optOuts.isOptedOut(shopId, Channel.SMS, phone)).as("the shop's buyer stays opted out").isTrue();
  }
}
