package dev.cuifu.benchmark;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.TwilioRestClient;
import dev.cuifu.launcher.LocalStack;
import dev.cuifu.reminder.channel.sms.SmsMessage;
import dev.cuifu.reminder.channel.sms.TwilioSmsGateway;
import dev.cuifu.testing.twilio.StubMessage;
import dev.cuifu.testing.twilio.TwilioStubServer;
import java.net.URI;
import java.util.List;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHost;

/**
 * The fire work of one Quartz job in the baseline's sending burst: the SMS a touch sends, through
 * reminder-service's own {@link TwilioSmsGateway} (twilio-java's {@code MessageCreator}) to the
 * same Twilio stub, with the parameters reminder-service sent for a touch — From, Body and
 * StatusCallback copied from one of its messages the stub received — each to a number of its own.
 */
final class BaselineSms implements AutoCloseable {

  /** The baseline's recipients: {@code +86139} and 8 digits, apart from the benchmark's buyers ({@code +86138…}). */
  static final String TO_PREFIX = "+86139";

  private final StubMessage template;
  private final PoolingHttpClientConnectionManager connections;
  private final TwilioSmsGateway gateway;

  private BaselineSms(TwilioStubServer stub, StubMessage template) {
    this.template = template;
    URI base = URI.create(stub.baseUrl());
    HttpHost stubHost = new HttpHost(base.getScheme(), base.getHost(), base.getPort());
    // as reminder-service's transport: a pool of 20 per route, no hidden re-sends
    connections = PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(20).setMaxConnTotal(100).build();
    HttpClientBuilder http =
        HttpClientBuilder.create()
            .setConnectionManager(connections)
            .disableAutomaticRetries()
            // the SDK's requests to api.twilio.com go to the stub (path and query unchanged)
            .setRoutePlanner((target, context) -> new HttpRoute(stubHost));
    TwilioRestClient client =
        new TwilioRestClient.Builder(stub.accountSid(), stub.authToken()).httpClient(new NetworkHttpClient(http)).build();
    gateway =
        new TwilioSmsGateway(client, template.statusCallback() == null ? null : URI.create(template.statusCallback()));
  }

  /**
   * Sends like the last SMS reminder-service sent to {@code stub} (a dispatch burst runs before
   * the baseline and the limits).
   */
  static BaselineSms like(TwilioStubServer stub) {
    List<StubMessage> received = stub.messages();
    for (int i = received.size() - 1; i >= 0; i--) {
      StubMessage m = received.get(i);
      if (!m.to().startsWith(TO_PREFIX) && !m.to().startsWith(RawSdkLimit.TO_PREFIX)) {
        return new BaselineSms(stub, m);
      }
    }
    throw new IllegalStateException("no SMS from reminder-service reached the Twilio stub to send alike");
  }

  /** What each SMS carries besides its number: for the console. */
  String describe() {
    return String.format(
        "from %s, a body of %d characters (%d segment(s)), StatusCallback %s",
        from(),
        template.body().length(),
        template.numSegments(),
        template.statusCallback() == null ? "none (reminder-service asks for none either)" : template.statusCallback());
  }

  /** The {@code i}-th job's recipient. */
  static String to(int i) {
    return to(TO_PREFIX, i);
  }

  /** The {@code i}-th recipient under {@code prefix}. */
  static String to(String prefix, int i) {
    return String.format("%s%08d", prefix, i);
  }

  /** Returns once the stub accepted the SMS; throws when it did not. */
  void send(String to) {
    gateway.send(new SmsMessage(LocalStack.DEMO_SHOP, to, from(), template.body()));
  }

  /** The sender reminder-service used: its number, or its messaging service. */
  private String from() {
    return template.from() != null ? template.from() : template.messagingServiceSid();
  }

  @Override
  public void close() {
    connections.close();
  }
}
