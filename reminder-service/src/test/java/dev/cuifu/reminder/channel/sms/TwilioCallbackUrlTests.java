package dev.cuifu.reminder.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The URL and parameters a Twilio callback's signature is checked against. */
class TwilioCallbackUrlTests {

  @Test
  @DisplayName("rule: with publicBaseUrl, the signed URL is that base + the request's path and query")
  void publicBaseUrl() {
    assertThat(TwilioRequestVerifier.signedUrl(
            URI.create("https://cuifu.example.com/"), "http://10.0.0.7:8081/twilio/status", "/twilio/status", "shop=a"))
        .isEqualTo("https://cuifu.example.com/twilio/status?shop=a");
    assertThat(TwilioRequestVerifier.signedUrl(
            URI.create("https://cuifu.example.com"), "http://10.0.0.7:8081/twilio/status", "/twilio/status", null))
        .isEqualTo("https://cuifu.example.com/twilio/status");
  }

  @Test
  @DisplayName("rule: without publicBaseUrl, the request's own URL (with its query) is the signed one")
  void requestUrl() {
    assertThat(TwilioRequestVerifier.signedUrl(null, "http://localhost/twilio/status", "/twilio/status", "a=1"))
        .isEqualTo("http://localhost/twilio/status?a=1");
  }

  @Test
  @DisplayName("rule: query parameters belong to the signed URL, not to the signed form parameters")
  void queryParametersAreNotFormParameters() {
    Map<String, String[]> merged =
        Map.of("shop", new String[] {"a"}, "MessageSid", new String[] {"SM1"}, "Body", new String[] {"x", "STOP"});
    assertThat(TwilioRequestVerifier.formParameters(merged, "shop=a&Body=x"))
        .isEqualTo(Map.of("MessageSid", "SM1", "Body", "STOP"));
  }

  @Test
  @DisplayName("rule: the SDK's validator accepts what the stub (Twilio) signs for the exact URL, and nothing else")
  void sdkValidatorMatchesTwilio() {
    var stub = dev.cuifu.testing.twilio.TwilioStubServer.start(0);
    try (stub) {
      Map<String, String> params = Map.of("MessageSid", "SM1", "MessageStatus", "delivered");
      String url = "https://cuifu.example.com/twilio/status";
      String signature = stub.signature(url, params);
      RequestValidator validator = new RequestValidator(stub.authToken());
      assertThat(validator.validate(url, params, signature)).isTrue();
      assertThat(validator.validate("https://other.example.com/twilio/status", params, signature)).isFalse();
      assertThat(validator.validate(url, Map.of("MessageSid", "SM1", "MessageStatus", "failed"), signature)).isFalse();
    }
  }
}
