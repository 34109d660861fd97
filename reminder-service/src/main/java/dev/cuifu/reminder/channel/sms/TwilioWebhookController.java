package dev.cuifu.reminder.channel.sms;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Twilio's webhooks, each accepted only with a valid {@code X-Twilio-Signature} under the auth
 * token of the account it names (else 403 problem+json and nothing changes), and each acting only
 * on the shops that use that account.
 *
 * <ul>
 *   <li>{@code POST /twilio/status}: a message's delivery status ({@code MessageSid}, {@code
 *       MessageStatus}, {@code ErrorCode}, {@code To}); answers 204 once the status is committed
 *       (applied with others in one transaction: {@link StatusCallbackQueue}), 503 when it could not
 *       be, so that Twilio posts it again.
 *   <li>{@code POST /twilio/inbound}: a buyer's reply ({@code MessageSid}, {@code From}, {@code To}, {@code Body},
 *       {@code MessagingServiceSid}); STOP/START keywords, once per {@code MessageSid}; answers an
 *       empty TwiML {@code <Response/>}.
 * </ul>
 */
@RestController
class TwilioWebhookController {

  static final String STATUS_PATH = "/twilio/status";
  static final String INBOUND_PATH = "/twilio/inbound";

  static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

  private final TwilioRequestVerifier verifier;
  private final StatusCallbackQueue statusCallbacks;
  private final InboundSmsHandler inbound;

  TwilioWebhookController(TwilioRequestVerifier verifier, StatusCallbackQueue statusCallbacks, InboundSmsHandler inbound) {
    this.verifier = verifier;
    this.statusCallbacks = statusCallbacks;
    this.inbound = inbound;
  }

  @PostMapping(path = STATUS_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  ResponseEntity<Void> status(HttpServletRequest request) {
    TwilioRequestVerifier.Verified verified = verifier.verify(request);
    Map<String, String> params = verified.params();
    String messageSid = params.get("MessageSid");
    Optional<String> status = DeliveryStatus.known(params.get("MessageStatus"));
    if (messageSid == null || messageSid.isBlank() || status.isEmpty()) {
      statusCallbacks.ignored(messageSid, status.orElse("other"));
      return ResponseEntity.noContent().build();
    }
    String sender = params.getOrDefault("MessagingServiceSid", params.get("From"));
    statusCallbacks.apply(
        new StatusCallback(
            verified.accountSid(), messageSid.strip(), status.get(), errorCode(params.get("ErrorCode")), params.get("To"),
            verified.accountSid() + "/" + sender));
    return ResponseEntity.noContent().build();
  }

  @PostMapping(path = INBOUND_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  ResponseEntity<String> inbound(HttpServletRequest request) {
    TwilioRequestVerifier.Verified verified = verifier.verify(request);
    Map<String, String> params = verified.params();
    inbound.handle(verified.accountSid(), params.get("MessageSid"), params.get("From"), params.get("To"), params.get("MessagingServiceSid"), params.get("Body"));
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(EMPTY_TWIML);
  }

  private static Integer errorCode(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
