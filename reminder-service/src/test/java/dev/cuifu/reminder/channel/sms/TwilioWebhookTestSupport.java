package dev.cuifu.reminder.channel.sms;

import dev.cuifu.reminder.ReminderTestSupport;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Posts Twilio webhooks as Twilio does: form-encoded, signed with the account's auth token. */
final class TwilioWebhookTestSupport {

  /** The URL MockMvc requests are made on, and so the one Twilio would have signed here. */
  static final String BASE = "http://localhost";

  private TwilioWebhookTestSupport() {}

  static Map<String, String> form(String... keyValues) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      params.put(keyValues[i], keyValues[i + 1]);
    }
    return params;
  }

  /** Twilio's signature of these parameters posted to this path on the MockMvc host. */
  static String signature(String path, Map<String, String> params) {
    return ReminderTestSupport.twilioStub().signature(BASE + path, params);
  }

  /** Signed with the stub's signature (the auth token is {@link ReminderTestSupport#AUTH_TOKEN}). */
  static MvcTestResult postSigned(MockMvcTester mvc, String path, Map<String, String> params) {
    return post(mvc, path, params, signature(path, params));
  }

  /** With this signature; null: no signature header at all. */
  static MvcTestResult post(MockMvcTester mvc, String path, Map<String, String> params, String signature) {
    var request = mvc.post().uri(path).contentType(MediaType.APPLICATION_FORM_URLENCODED);
    params.forEach(request::formField);
    if (signature != null) {
      request.header(TwilioRequestVerifier.SIGNATURE_HEADER, signature);
    }
    return request.exchange();
  }
}
