package dev.cuifu.reminder.channel.sms;

import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import dev.cuifu.common.phone.PhoneNumbers;
import java.net.URI;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SmsGateway} on Twilio's Programmable Messaging API through the official SDK. How failures
 * are classified: {@link TwilioErrors}. Logs one line per send with the number masked.
 */
public final class TwilioSmsGateway implements SmsGateway {

  private static final Logger log = LoggerFactory.getLogger(TwilioSmsGateway.class);

  private final TwilioRestClient client;
  private final URI statusCallbackUrl;

  /**
   * @param statusCallbackUrl sent as each message's {@code StatusCallback}, or {@code null}
   */
  public TwilioSmsGateway(TwilioRestClient client, URI statusCallbackUrl) {
    this.client = Objects.requireNonNull(client, "client");
    this.statusCallbackUrl = statusCallbackUrl;
  }

  /**
   * Sends through the Messaging Service when {@code from} is a Messaging Service SID ({@code MG…}),
   * else from that sender number.
   */
  @Override
  public SmsReceipt send(SmsMessage message) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(message.to(), "to");
    Objects.requireNonNull(message.from(), "from");
    Objects.requireNonNull(message.body(), "body");
    String maskedTo = PhoneNumbers.mask(message.to());
    long started = System.nanoTime();
    try {
      MessageCreator creator =
          isMessagingService(message.from())
              ? Message.creator(new PhoneNumber(message.to()), message.from(), message.body())
              : Message.creator(new PhoneNumber(message.to()), new PhoneNumber(message.from()), message.body());
      if (statusCallbackUrl != null) {
        creator.setStatusCallback(statusCallbackUrl);
      }
      Message sent = creator.create(client);
      SmsReceipt receipt = new SmsReceipt(sent.getSid(), statusWord(sent));
      log.info(
          "sms to {} accepted: sid={} status={} segments={} in {}ms",
          maskedTo,
          receipt.providerMessageId(),
          receipt.status(),
          sent.getNumSegments(),
          millisSince(started));
      return receipt;
    } catch (TwilioException e) {
      SmsSendException failure = TwilioErrors.forSend(e);
      log.warn(
          "sms to {} failed: kind={} code={} in {}ms: {}",
          maskedTo,
          failure.kind(),
          failure.providerErrorCode(),
          millisSince(started),
          failure.getMessage());
      throw failure;
    }
  }

  @Override
  public SmsReceipt fetch(String providerMessageId) {
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    try {
      Message message = Message.fetcher(providerMessageId).fetch(client);
      return new SmsReceipt(message.getSid(), statusWord(message));
    } catch (TwilioException e) {
      throw TwilioErrors.forFetch(e);
    }
  }

  static boolean isMessagingService(String from) {
    return from.startsWith("MG");
  }

  private static String statusWord(Message message) {
    return message.getStatus() == null ? "unknown" : message.getStatus().toString();
  }

  private static long millisSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
