package dev.cuifu.reminder.channel.sms;

import com.twilio.http.TwilioRestClient;
import java.net.URI;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Twilio SDK client and the {@link SmsGateway} on it, configured by {@link TwilioProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TwilioProperties.class, TwilioWebhookProperties.class})
public class TwilioSmsConfiguration {

  /** Closed with the context (pooled connections). */
  @Bean
  TwilioHttpClient twilioHttpClient(TwilioProperties properties) {
    return new TwilioHttpClient(properties.apiBaseUrl(), properties.connectTimeout(), properties.readTimeout());
  }

  @Bean
  TwilioRestClient twilioRestClient(TwilioProperties properties, TwilioHttpClient httpClient) {
    return restClient(properties, httpClient);
  }

  /** The one {@link SmsGateway} (tests may wrap it in another, primary one). */
  @Bean
  TwilioSmsGateway smsGateway(TwilioRestClient twilioRestClient, TwilioProperties properties, TwilioWebhookProperties webhooks) {
    return new TwilioSmsGateway(twilioRestClient, statusCallbackUrl(properties, webhooks));
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

  static TwilioRestClient restClient(TwilioProperties properties, TwilioHttpClient httpClient) {
    return new TwilioRestClient.Builder(properties.accountSid(), properties.authToken())
        .httpClient(httpClient)
        .build();
  }
}
