package dev.cuifu.reminder.dispatch;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Asks the shop's stock-check URL whether an order's items are still there before reminding
 * (domain.md: a buyer chased to pay for something out of stock is lost twice). The shop answers
 * {@code GET <url>?shopId=…&orderId=…} with {@code {"inStock": true|false}}.
 */
@Component
class StockCheck {

  /** What the shop said, or that it could not be asked. */
  enum Answer {
    IN_STOCK,
    OUT_OF_STOCK,
    UNKNOWN
  }

  record StockAnswer(Boolean inStock) {}

  private static final Logger log = LoggerFactory.getLogger(StockCheck.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final RestClient http;

  StockCheck() {
    JdkClientHttpRequestFactory factory =
        new JdkClientHttpRequestFactory(HttpClient.newBuilder().connectTimeout(TIMEOUT).build());
    factory.setReadTimeout(TIMEOUT);
    this.http = RestClient.builder().requestFactory(factory).build();
  }

  Answer ask(URI url, String shopId, String orderId) {
    URI request =
        UriComponentsBuilder.fromUri(url).queryParam("shopId", shopId).queryParam("orderId", orderId).build().toUri();
    try {
      StockAnswer answer = http.get().uri(request).retrieve().body(StockAnswer.class);
      if (answer == null || answer.inStock() == null) {
        return Answer.UNKNOWN;
      }
      return answer.inStock() ? Answer.IN_STOCK : Answer.OUT_OF_STOCK;
    } catch (RestClientException e) {
      log.warn("stock check for order {}/{} failed: {}", shopId, orderId, e.getMessage());
      return Answer.UNKNOWN;
    }
  }
}
