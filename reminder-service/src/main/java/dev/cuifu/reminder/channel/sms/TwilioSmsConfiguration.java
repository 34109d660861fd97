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
      ShopTwilioAccountStore store,
      TwilioHttpClient httpClient,
      TwilioProperties properties,
      TwilioWebhookProperties webhooks,
      StatusCallbackProperties callbacks) {
    return new TwilioAccounts(store, httpClient, properties, statusCallbackUrl(properties, webhooks, callbacks));
  }

  /** The one {@link SmsGateway} (tests may wrap it in another, primary one). */
  @Bean
  TwilioSmsGateway smsGateway(TwilioAccounts accounts) {
    return new TwilioSmsGateway(accounts);
  }

  /**
   * Where Twilio should report each message's delivery: {@code cuifu.sms.twilio.status-callback-url}
   * when set, else {@code cuifu.sms.webhooks.public-base-url} + {@code /twilio/status} (the
   * endpoint the same base is verified against), else none: no callbacks are asked for. Either
   * carries the retries' connection overrides ({@link StatusCallbackProperties#connectionOverrides()},
   * e.g. {@code #rc=3&rp=all}) unless it has a fragment of its own.
   */
  static URI statusCallbackUrl(TwilioProperties properties, TwilioWebhookProperties webhooks, StatusCallbackProperties callbacks) {
    URI url;
    if (properties.statusCallbackUrl() != null) {
      url = properties.statusCallbackUrl();
    } else if (webhooks.publicBaseUrl() != null) {
      url = URI.create(webhooks.publicBaseUrl().toString().replaceAll("/+$", "") + TwilioWebhookController.STATUS_PATH);
    } else {
      return null;
    }
    String overrides = callbacks.connectionOverrides();
    return overrides == null || url.getRawFragment() != null ? url : URI.create(url + "#" + overrides);
  }
}
