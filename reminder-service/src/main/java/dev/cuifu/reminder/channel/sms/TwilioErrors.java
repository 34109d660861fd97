package dev.cuifu.reminder.channel.sms;

import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import dev.cuifu.common.phone.PhoneNumbers;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * Turns what the Twilio SDK throws into an {@link SmsSendException} by what it means for the touch.
 *
 * <p>Rules, in order:
 *
 * <ol>
 *   <li><b>Twilio answered with an error</b> ({@link ApiException} with a status):
 *       <ul>
 *         <li>429 (rate limited) and 5xx → RETRYABLE: Twilio did not take the message.
 *         <li>401/403 (bad credentials, suspended account) and the sender-configuration codes in
 *             {@link #CONFIGURATION_CODES} (invalid From, unknown Messaging Service…) →
 *             RETRYABLE, <em>not</em> PERMANENT: the fault is in our configuration, not in this
 *             buyer or message, and would hit every touch alike. Marking them dead would silently
 *             throw away a whole day's reminders over a rotated token; left retryable, they wait
 *             (the circuit breaker opens, the failure count alerts) until the config is fixed.
 *         <li>404 on a send (account or Messaging Service path unknown) → RETRYABLE, configuration
 *             again; 404 on a fetch → PERMANENT (Twilio does not know that SID).
 *         <li>any other 4xx → PERMANENT with Twilio's code: the same request will be refused again
 *             (21211 invalid To, 21614 not a mobile number, 21610 recipient unsubscribed with STOP,
 *             21408 region not enabled, 21617 body too long…).
 *       </ul>
 *   <li><b>The request never left</b> (connection refused, connect timeout, unknown host, no route,
 *       TLS handshake failed) → RETRYABLE: Twilio cannot have seen it.
 *   <li><b>Anything else after the request may have left</b> (read timeout, connection reset,
 *       empty or unreadable answer — even a 201 whose body we could not parse) → UNKNOWN_OUTCOME
 *       for a send: Twilio may have accepted and will deliver it, so re-sending blindly could
 *       double-send; reconcile instead. For a fetch, which sends nothing, → RETRYABLE.
 * </ol>
 *
 * <p>A lookup ({@link SmsGateway#findSent}) reports every failure as RETRYABLE, whatever Twilio
 * said: it sends nothing, and "could not ask" must never pass for "not found" (nor mark the touch
 * dead); the caller asks again later, and a lasting refusal shows up in the failure count.
 *
 * <p>Twilio's error messages may quote the phone number ("The 'To' number +86… is not a valid
 * phone number"), so for an error answer the message is redacted and the SDK exception (which
 * still holds the raw text) is not kept as the cause; status and code carry everything needed.
 */
final class TwilioErrors {

  /** 401 with this code: "Authenticate" (wrong account SID or auth token). */
  static final int AUTHENTICATE = 20003;

  /** Codes that say our sender configuration is wrong, not the recipient or the message. */
  static final Set<Integer> CONFIGURATION_CODES =
      Set.of(
          20003, // authenticate
          20005, // account not active
          21212, // invalid From number
          21606, // From is not a valid, message-capable Twilio number
          21659, // From is not a Twilio number
          21660, // From does not belong to this account
          21701, // Messaging Service does not exist
          21703, // Messaging Service has no number to send from
          21704, // Messaging Service contains no phone numbers
          21705, // Messaging Service is invalid
          21910, // From and To are not of the same channel (a WhatsApp sender that is not one)
          63007); // no WhatsApp channel for the From address

  /** Anything that looks like a phone number: 7+ digits, maybe with +, spaces, dots, dashes. */
  private static final Pattern NUMBER_LIKE = Pattern.compile("\\+?\\d[\\d ().-]{5,}\\d");

  private TwilioErrors() {}

  /** Replaces phone-number-like runs with their masked form. */
  static String redact(String text) {
    if (text == null) {
      return null;
    }
    return NUMBER_LIKE
        .matcher(text)
        .replaceAll(
            m -> {
              String digits = m.group().replaceAll("[^0-9]", "");
              String masked = PhoneNumbers.mask("+" + digits);
              return Matcher.quoteReplacement(
                  masked.startsWith("<") ? "<number>" : masked);
            });
  }

  static SmsSendException forSend(TwilioException e) {
    return classify(e, true);
  }

  static SmsSendException forFetch(TwilioException e) {
    return classify(e, false);
  }

  /** For a list of messages (reconciliation): always RETRYABLE, keeping Twilio's code. */
  static SmsSendException forLookup(TwilioException e) {
    SmsSendException failure = classify(e, false);
    return failure.kind() == SmsSendException.Kind.RETRYABLE
        ? failure
        : SmsSendException.retryable(failure.providerErrorCode(), failure.getMessage(), failure.getCause());
  }

  private static SmsSendException classify(TwilioException e, boolean send) {
    Integer status = httpStatus(e);
    if (status != null) {
      Integer code = ((ApiException) e).getCode();
      String what =
          "Twilio answered " + status + (code == null ? "" : " code " + code) + ": " + redact(e.getMessage());
      if (status == 429 || status >= 500) {
        return SmsSendException.retryable(code, what, null);
      }
      if (status == 401 || status == 403 || (code != null && CONFIGURATION_CODES.contains(code))) {
        return SmsSendException.retryable(code, what + " (configuration problem)", null);
      }
      if (status == 404) {
        return send
            ? SmsSendException.retryable(code, what + " (configuration problem)", null)
            : SmsSendException.permanent(code, what, null);
      }
      if (status >= 400) {
        return SmsSendException.permanent(code, what, null);
      }
      // a 1xx/3xx reported as failure: nothing sensible was said
    }
    if (neverLeft(e)) {
      return SmsSendException.retryable(null, "request did not reach Twilio: " + e.getMessage(), e);
    }
    return send
        ? SmsSendException.unknownOutcome("no answer from Twilio, the message may have been accepted: " + e.getMessage(), e)
        : SmsSendException.retryable(null, "no answer from Twilio: " + e.getMessage(), e);
  }

  private static Integer httpStatus(TwilioException e) {
    if (e instanceof ApiException api) {
      return api.getStatusCode() != null ? api.getStatusCode() : api.getHttpStatusCode();
    }
    return null;
  }

  /** True when the cause shows the connection was never made, so no byte of the request left. */
  private static boolean neverLeft(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof ConnectTimeoutException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof SSLHandshakeException) {
        return true;
      }
      if (t instanceof IOException) {
        return false; // the first I/O failure decides
      }
    }
    return false;
  }
}
