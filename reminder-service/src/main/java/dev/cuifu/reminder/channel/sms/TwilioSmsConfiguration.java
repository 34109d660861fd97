package dev.cuifu.reminder.channel.sms;

import java.net.URI;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Twilio SDK clients (the deployment's account, configured by {@link TwilioProperties}, and the
 * shops' own) and the {@link SmsGateway} on them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  TwilioProperties.class, TwilioWebhookProperties.class, SharedSenderProperties.class, StatusCallbackProperties.class
})
class TwilioSmsConfiguration {

  /** Closed with the context (pooled connections). */
  @Bean
  TwilioHttpClient twilioHttpClient(TwilioProperties properties) {
    return new TwilioHttpClient(properties.apiBaseUrl(), properties.connectTimeout(), properties.readTimeout());
  }

  /** The deployment's account and the shops' own, one SDK client per account. */
  @Bean
  TwilioAccounts twilioAccounts(
      ShopTwilioAccountStore store, TwilioHttpClient httpClient, TwilioProperties properties, TwilioWebhookProperties webhooks) {
    return new TwilioAccounts(store, httpClient, properties, statusCallbackUrl(properties, webhooks));
  }

  /** The one {@link SmsGateway} (tests may wrap it in another, primary one). */
  @Bean
  TwilioSmsGateway smsGateway(TwilioAccounts accounts) {
    return new TwilioSmsGateway(accounts);
  }

  /**
   * Where Twilio should report each message's delivery: {@code cuifu.sms.twilio.status-callback-url}
   * when set, else {@code cuifu.sms.webhooks.public-base-url} + {@code /twilio/status} (the
   * endpoint the same base is verified against), else none: no callbacks are asked for.
   */
  static URI statusCallbackUrl(TwilioProperties properties, TwilioWebhookProperties webhooks) {
    if (properties.statusCallbackUrl() != null) {
      return properties.statusCallbackUrl();
    }
    if (webhooks.publicBaseUrl() == null) {
      return null;
    }
    String base = webhooks.publicBaseUrl().toString().replaceAll("/+$", "");
    return URI.create(base + TwilioWebhookController.STATUS_PATH);
  }
}
