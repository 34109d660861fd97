package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.outbound.OutboundException;
import dev.cuifu.reminder.outbound.OutboundHttp;
import dev.cuifu.reminder.outbound.OutboundRefusedException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the shop's stock-check URL whether an order's items are still there before reminding
 * (domain.md: a buyer chased to pay for something out of stock is lost twice). The shop answers
 * {@code GET <url>?shopId=…&orderId=…} with {@code {"inStock": true|false}}. The call goes through
 * {@link OutboundHttp}: only URLs the outbound guard allows, no redirects.
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
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final OutboundHttp http;

  StockCheck(OutboundHttp http) {
    this.http = http;
  }

  Answer ask(URI url, String shopId, String orderId) {
    try {
      URI request =
          UriComponentsBuilder.fromUri(url).queryParam("shopId", shopId).queryParam("orderId", orderId).build().encode().toUri();
      OutboundHttp.Response response =
          http.exchange(
              new OutboundHttp.Request("GET", request, Map.of("Accept", "application/json"), null, TIMEOUT, TIMEOUT), true);
      if (response.status() / 100 != 2) {
        log.warn("stock check for order {}/{}: answered {}", shopId, orderId, response.status());
        return Answer.UNKNOWN;
      }
      StockAnswer answer = JSON.readValue(response.body(), StockAnswer.class);
      if (answer == null || answer.inStock() == null) {
        return Answer.UNKNOWN;
      }
      return answer.inStock() ? Answer.IN_STOCK : Answer.OUT_OF_STOCK;
    } catch (OutboundRefusedException | OutboundException | JacksonException | IllegalArgumentException e) {
      log.warn("stock check for order {}/{} failed: {} ({})", shopId, orderId, e.getMessage(), e.getCause());
      return Answer.UNKNOWN;
    }
  }
}
