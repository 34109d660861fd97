package dev.cuifu.reminder.channel.chat;

import dev.cuifu.reminder.outbound.OutboundException;
import dev.cuifu.reminder.outbound.OutboundHttp;
import dev.cuifu.reminder.outbound.OutboundRefusedException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ChatGateway} as a signed JSON {@code POST} to the shop's webhook through {@link
 * OutboundHttp} (HTTP/1.1, only to URLs the {@link dev.cuifu.reminder.outbound.OutboundGuard}
 * allows, no redirects, no retries).
 *
 * <p>Body (UTF-8 JSON, fields in this order): {@code deliveryId, shopId, orderId, buyerId (may be
 * null), chatHandle, text, sentAt} ({@code sentAt}: ISO-8601 instant, whole seconds, the same
 * moment as the timestamp header). Headers: {@code Content-Type: application/json}, {@code
 * X-Cuifu-Delivery}, {@code X-Cuifu-Timestamp}, {@code X-Cuifu-Signature} — see {@link
 * WebhookSignature}.
 *
 * <p>Classification:
 *
 * <ul>
 *   <li>2xx → sent.
 *   <li>408, 429, 5xx → RETRYABLE: the receiver did not take it.
 *   <li>any other answer (4xx, and 1xx/3xx: redirects are not followed) → PERMANENT: the same
 *       request will be refused again. A URL the guard refuses (not https, an internal address) →
 *       PERMANENT, with one reason whatever the address ("the URL is not allowed").
 *   <li>the request never left (connection refused, connect timeout, unknown host, no route, TLS
 *       handshake failed) → RETRYABLE.
 *   <li>anything after the request may have left (read timeout, reset, no answer, interrupted) →
 *       UNKNOWN_OUTCOME.
 * </ul>
 *
 * <p>Logs one line per delivery with delivery id, shop, order, receiver host and status; never the
 * text, the chat handle, the full URL (webhook URLs often carry a token) or the secret.
 */
@Component
class WebhookChatGateway implements ChatGateway {

  private static final Logger log = LoggerFactory.getLogger(WebhookChatGateway.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final OutboundHttp http;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Clock clock;

  public WebhookChatGateway(ChatWebhookProperties properties, Clock clock, OutboundHttp http) {
    this.connectTimeout = properties.connectTimeout();
    this.readTimeout = properties.readTimeout();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = Objects.requireNonNull(http, "http");
  }

  @Override
  public ChatReceipt send(URI webhookUrl, String secret, ChatMessage message) {
    Objects.requireNonNull(webhookUrl, "webhookUrl");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(message.deliveryId(), "deliveryId");
    Objects.requireNonNull(message.shopId(), "shopId");
    Objects.requireNonNull(message.orderId(), "orderId");
    Objects.requireNonNull(message.chatHandle(), "chatHandle");
    Objects.requireNonNull(message.text(), "text");
    long started = System.nanoTime();
    String host = webhookUrl.getHost();
    try {
      ChatReceipt receipt = post(webhookUrl, secret, message);
      log.info(
          "chat webhook delivery {} shop={} order={} host={}: status={} in {}ms",
          message.deliveryId(),
          message.shopId(),
          message.orderId(),
          host,
          receipt.httpStatus(),
          millisSince(started));
      return receipt;
    } catch (ChatSendException failure) {
      log.warn(
          "chat webhook delivery {} shop={} order={} host={}: failed kind={} status={} in {}ms: {}{}",
          message.deliveryId(),
          message.shopId(),
          message.orderId(),
          host,
          failure.kind(),
          failure.httpStatus(),
          millisSince(started),
          failure.getMessage(),
          failure.getCause() == null ? "" : " (" + failure.getCause() + ")");
      throw failure;
    }
  }

  private ChatReceipt post(URI url, String secret, ChatMessage message) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String timestamp = Long.toString(now.getEpochSecond());
    String body = body(message, now);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put(WebhookSignature.DELIVERY_HEADER, message.deliveryId());
    headers.put(WebhookSignature.TIMESTAMP_HEADER, timestamp);
    headers.put(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.signature(secret, timestamp, body));
    OutboundHttp.Request request =
        new OutboundHttp.Request("POST", url, headers, body.getBytes(StandardCharsets.UTF_8), connectTimeout, readTimeout);
    try {
      return classify(http.exchange(request, false).status());
    } catch (OutboundRefusedException e) {
      throw ChatSendException.permanent(null, e.getMessage(), null);
    } catch (OutboundException e) {
      // the shop reads the message; the cause (which may name an address) stays in the operator's log
      if (!e.sent()) {
        throw ChatSendException.retryable(null, e.getMessage(), e.getCause());
      }
      throw ChatSendException.unknownOutcome(e.getMessage(), e.getCause());
    }
  }

  static ChatReceipt classify(int status) {
    if (status >= 200 && status < 300) {
      return new ChatReceipt(status);
    }
    String what = "receiver answered " + status;
    if (status == 408 || status == 429 || status >= 500) {
      throw ChatSendException.retryable(status, what, null);
    }
    throw ChatSendException.permanent(status, what, null);
  }

  static String body(ChatMessage message, Instant sentAt) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("deliveryId", message.deliveryId());
    fields.put("shopId", message.shopId());
    fields.put("orderId", message.orderId());
    fields.put("buyerId", message.buyerId());
    fields.put("chatHandle", message.chatHandle());
    fields.put("text", message.text());
    fields.put("sentAt", sentAt.toString());
    return JSON.writeValueAsString(fields);
  }

  private static long millisSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
