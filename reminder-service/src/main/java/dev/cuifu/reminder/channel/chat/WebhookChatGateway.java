package dev.cuifu.reminder.channel.chat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ChatGateway} as a signed JSON {@code POST} to the shop's webhook, on the JDK's {@link
 * HttpClient} (HTTP/1.1, no redirects, no retries).
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
 *       request will be refused again. A URL that is not absolute http(s) → PERMANENT.
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
public class WebhookChatGateway implements ChatGateway {

  private static final Logger log = LoggerFactory.getLogger(WebhookChatGateway.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http;
  private final Duration readTimeout;
  private final Clock clock;

  public WebhookChatGateway(ChatWebhookProperties properties, Clock clock) {
    this.readTimeout = properties.readTimeout();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(properties.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
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
          "chat webhook delivery {} shop={} order={} host={}: failed kind={} status={} in {}ms: {}",
          message.deliveryId(),
          message.shopId(),
          message.orderId(),
          host,
          failure.kind(),
          failure.httpStatus(),
          millisSince(started),
          failure.getMessage());
      throw failure;
    }
  }

  private ChatReceipt post(URI url, String secret, ChatMessage message) {
    if (!isHttpUrl(url)) {
      throw ChatSendException.permanent(null, "webhook URL is not an absolute http(s) URL", null);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String timestamp = Long.toString(now.getEpochSecond());
    String body = body(message, now);
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(url)
              .timeout(readTimeout)
              .header("Content-Type", "application/json")
              .header(WebhookSignature.DELIVERY_HEADER, message.deliveryId())
              .header(WebhookSignature.TIMESTAMP_HEADER, timestamp)
              .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.signature(secret, timestamp, body))
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
              .build();
    } catch (IllegalArgumentException e) {
      throw ChatSendException.permanent(null, "cannot build the webhook request: " + e.getMessage(), null);
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ChatSendException.unknownOutcome("interrupted while waiting for the receiver", e);
    } catch (IOException e) {
      if (neverLeft(e)) {
        throw ChatSendException.retryable(null, "request did not reach the receiver: " + describe(e), e);
      }
      throw ChatSendException.unknownOutcome(
          "no answer from the receiver, it may have got the message: " + describe(e), e);
    }
    int status = response.statusCode();
    try {
      response.body().close(); // the answer's body is not needed
    } catch (IOException e) {
      // the status is known; a body that cannot be drained changes nothing
    }
    return classify(status);
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

  /** True when the cause shows the connection was never made, so no byte of the request left. */
  private static boolean neverLeft(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof HttpConnectTimeoutException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof SSLHandshakeException) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
  }

  private static boolean isHttpUrl(URI uri) {
    return uri.isAbsolute()
        && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
        && uri.getHost() != null;
  }

  private static long millisSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
