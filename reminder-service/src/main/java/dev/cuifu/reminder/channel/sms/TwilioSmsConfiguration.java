package dev.cuifu.reminder.channel.sms;

import com.twilio.http.TwilioRestClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Twilio SDK client and the {@link SmsGateway} on it, configured by {@link TwilioProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TwilioProperties.class)
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

  @Bean
  SmsGateway smsGateway(TwilioRestClient twilioRestClient, TwilioProperties properties) {
    return new TwilioSmsGateway(twilioRestClient, properties.statusCallbackUrl());
  }

  static TwilioRestClient restClient(TwilioProperties properties, TwilioHttpClient httpClient) {
    return new TwilioRestClient.Builder(properties.accountSid(), properties.authToken())
        .httpClient(httpClient)
        .build();
  }
}
