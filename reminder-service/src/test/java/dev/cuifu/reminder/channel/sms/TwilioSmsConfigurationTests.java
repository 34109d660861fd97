package dev.cuifu.reminder.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.testing.twilio.TwilioStubServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The Spring wiring: {@code cuifu.sms.twilio.*} → a validated {@link TwilioProperties} → {@link SmsGateway}. */
class TwilioSmsConfigurationTests {

  private static TwilioStubServer stub;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(TwilioSmsConfiguration.class)
          .withBean(ShopTwilioAccountStore.class, NoShopAccounts::new);

  /** No database here: no shop has its own account, so every message goes through the deployment's. */
  private static final class NoShopAccounts extends ShopTwilioAccountStore {
    NoShopAccounts() {
      super(null);
    }

    @Override
    java.util.Optional<ShopTwilioAccount> find(String shopId) {
      return java.util.Optional.empty();
    }
  }

  @BeforeAll
  static void start() {
    stub = TwilioStubServer.start(0);
  }

  @AfterAll
  static void stop() {
    stub.close();
  }

  @Test
  void apiBaseUrlPointsTheRealSdkAtTheStub() {
    runner
        .withPropertyValues(
            "cuifu.sms.twilio.account-sid=" + stub.accountSid(),
            "cuifu.sms.twilio.auth-token=" + stub.authToken(),
            "cuifu.sms.twilio.api-base-url=" + stub.baseUrl())
        .run(
            context -> {
              SmsReceipt receipt =
                  context.getBean(SmsGateway.class).send(new SmsMessage("test-shop", "+8613800138000", "+15005550006", "hi"));
              assertThat(stub.message(receipt.providerMessageId())).isPresent();
            });
  }

  @Test
  void statusCallbackUrlIsTheConfiguredOneElseThePublicBasePlusTwilioStatus() {
    java.net.URI explicit = java.net.URI.create("https://hooks.example.com/cb");
    TwilioProperties withUrl = new TwilioProperties(stub.accountSid(), "secret", null, explicit, null, null);
    TwilioProperties withoutUrl = new TwilioProperties(stub.accountSid(), "secret", null, null, null, null);
    TwilioWebhookProperties publicBase = new TwilioWebhookProperties(java.net.URI.create("https://cuifu.example.com/"), java.time.Duration.ofDays(90));
    StatusCallbackProperties noRetries = callbacks(0);

    assertThat(TwilioSmsConfiguration.statusCallbackUrl(withUrl, publicBase, noRetries)).isEqualTo(explicit);
    assertThat(TwilioSmsConfiguration.statusCallbackUrl(withoutUrl, publicBase, noRetries))
        .hasToString("https://cuifu.example.com/twilio/status");
    assertThat(TwilioSmsConfiguration.statusCallbackUrl(withoutUrl, new TwilioWebhookProperties(null, java.time.Duration.ofDays(90)), noRetries))
        .as("no URL known: no callbacks asked for").isNull();
  }

  @Test
  void statusCallbackUrlAsksTwilioToRetryAFailedCallbackThreeTimesByDefault() {
    String[] credentials = {
      "cuifu.sms.twilio.account-sid=" + stub.accountSid(), "cuifu.sms.twilio.auth-token=secret",
      "cuifu.sms.webhooks.public-base-url=https://cuifu.example.com"
    };
    runner
        .withPropertyValues(credentials)
        .run(context -> assertThat(context.getBean(TwilioAccounts.class).deploymentCallbackUrl())
            .as("Twilio's connection overrides: 3 retries on any failure, a 503 included")
            .hasToString("https://cuifu.example.com/twilio/status#rc=3&rp=all"));
    runner
        .withPropertyValues(credentials)
        .withPropertyValues("cuifu.sms.status-callbacks.retries=0")
        .run(context -> assertThat(context.getBean(TwilioAccounts.class).deploymentCallbackUrl())
            .hasToString("https://cuifu.example.com/twilio/status"));
    runner
        .withPropertyValues(credentials)
        .withPropertyValues("cuifu.sms.status-callbacks.retries=6")
        .run(context -> assertThat(context.getStartupFailure()).as("Twilio retries at most 5 times").rootCause()
            .hasMessageContaining("retries"));

    java.net.URI own = java.net.URI.create("https://hooks.example.com/cb#rc=1&ct=2000");
    assertThat(TwilioSmsConfiguration.statusCallbackUrl(
            new TwilioProperties(stub.accountSid(), "secret", null, own, null, null), new TwilioWebhookProperties(null, Duration.ofDays(90)), callbacks(3)))
        .as("a configured URL with overrides of its own is sent as it is").isEqualTo(own);
    assertThat(TwilioSmsConfiguration.statusCallbackUrl(
            new TwilioProperties(stub.accountSid(), "secret", null, java.net.URI.create("http://localhost:8081/twilio/status"), null, null),
            new TwilioWebhookProperties(null, Duration.ofDays(90)), callbacks(5)))
        .hasToString("http://localhost:8081/twilio/status#rc=5&rp=all");
  }

  private static StatusCallbackProperties callbacks(int retries) {
    return new StatusCallbackProperties(200, Duration.ofSeconds(5), 4096, 1024, retries);
  }

  @Test
  void theSdkHandsTwilioTheStatusCallbackUrlWithItsConnectionOverrides() {
    runner
        .withPropertyValues(
            "cuifu.sms.twilio.account-sid=" + stub.accountSid(),
            "cuifu.sms.twilio.auth-token=" + stub.authToken(),
            "cuifu.sms.twilio.api-base-url=" + stub.baseUrl(),
            "cuifu.sms.twilio.status-callback-url=http://127.0.0.1:1/twilio/status")
        .run(
            context -> {
              SmsReceipt receipt =
                  context.getBean(SmsGateway.class).send(new SmsMessage("test-shop", "+8613800138000", "+15005550006", "hi"));
              assertThat(stub.message(receipt.providerMessageId()).orElseThrow().statusCallback())
                  .isEqualTo("http://127.0.0.1:1/twilio/status#rc=3&rp=all");
            });
  }

  @Test
  void timeoutsDefaultToTwoAndTenSeconds() {
    runner
        .withPropertyValues(
            "cuifu.sms.twilio.account-sid=" + stub.accountSid(), "cuifu.sms.twilio.auth-token=secret")
        .run(
            context -> {
              TwilioProperties properties = context.getBean(TwilioProperties.class);
              assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
              assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(10));
              assertThat(properties.apiBaseUrl()).isNull();
            });
  }

  @Test
  void missingCredentialsFailStartup() {
    runner.run(context -> assertThat(context).hasFailed());
  }

  @Test
  void accountSidMustLookLikeOne() {
    runner
        .withPropertyValues("cuifu.sms.twilio.account-sid=nope", "cuifu.sms.twilio.auth-token=secret")
        .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("accountSid"));
  }

  @Test
  void apiBaseUrlMustBeAnAbsoluteHttpUrl() {
    runner
        .withPropertyValues(
            "cuifu.sms.twilio.account-sid=" + stub.accountSid(),
            "cuifu.sms.twilio.auth-token=secret",
            "cuifu.sms.twilio.api-base-url=localhost:8099")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void sharedSendersDefaultToNoneAndMustEachBeASender() {
    String[] credentials = {"cuifu.sms.twilio.account-sid=" + stub.accountSid(), "cuifu.sms.twilio.auth-token=secret"};
    runner
        .withPropertyValues(credentials)
        .run(context -> assertThat(context.getBean(SharedSenderProperties.class).sharedSenders()).isEmpty());
    runner
        .withPropertyValues(credentials)
        .withPropertyValues("cuifu.sms.shared-senders=+14155550100,whatsapp:+14155238886,MG" + "ab".repeat(16))
        .run(context -> assertThat(context.getBean(SharedSenderProperties.class).sharedSenders()).hasSize(3));
    runner
        .withPropertyValues(credentials)
        .withPropertyValues("cuifu.sms.shared-senders=+14155550100,CuifuShop")
        .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("sharedSenders"));
  }

  @Test
  void theAuthTokenNeverAppearsInToString() {
    TwilioProperties properties =
        new TwilioProperties(stub.accountSid(), "very-secret-token", null, null, null, null);
    assertThat(properties.toString()).doesNotContain("very-secret-token").contains(stub.accountSid());
  }
}
